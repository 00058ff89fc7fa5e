package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * The function part of a tool call: its {@code name} and its {@code arguments} as JSON text. In a
 * streamed delta, either may be a fragment or absent.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class FunctionCall extends JsonModel {

    static final Set<String> FIELDS = Set.of("name", "arguments");

    private final Optional<String> name;
    private final Optional<String> arguments;

    FunctionCall(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "FunctionCall");
        this.name = r.optText("name");
        this.arguments = r.optText("arguments");
    }

    /**
     * Reads a FunctionCall from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static FunctionCall fromJson(JsonNode json) {
        return new FunctionCall(FieldReader.requireObject(json, "FunctionCall").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static FunctionCall jsonCreator(JsonNode json) {
        return new FunctionCall(FieldReader.requireObject(json, "FunctionCall"));
    }

    /**
     * @return an empty builder: nothing is written but what is set
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * @return a builder starting from this model's JSON, unknown fields included
     */
    public Builder toBuilder() {
        return new Builder(json);
    }

    /**
     * @param name the function's name
     * @param arguments the arguments as JSON text
     * @return {@code {"name": name, "arguments": arguments}}
     */
    public static FunctionCall of(String name, String arguments) {
        return builder().name(name).arguments(arguments).build();
    }

    /**
     * The function's name.
     *
     * @return {@code name}; empty when absent or null
     */
    public Optional<String> name() {
        return name;
    }

    /**
     * The arguments as JSON text (a fragment of it in a streamed delta).
     *
     * @return {@code arguments}; empty when absent or null
     */
    public Optional<String> arguments() {
        return arguments;
    }

    /** Builds a {@link FunctionCall}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<FunctionCall, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code name}.
         *
         * @param value {@code name}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder name(String value) {
            return set("name", value);
        }

        /**
         * Sets {@code arguments}.
         *
         * @param value {@code arguments}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder arguments(String value) {
            return set("arguments", value);
        }

        @Override
        public FunctionCall build() {
            return new FunctionCall(snapshot());
        }
    }
}
