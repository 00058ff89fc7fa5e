package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * A function a model may call: {@code name}, {@code description}, {@code parameters} (a JSON
 * Schema) and {@code strict}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class FunctionDefinition extends JsonModel {

    static final Set<String> FIELDS = Set.of("name", "description", "parameters", "strict");

    private final String name;
    private final Optional<String> description;
    private final Optional<JsonNode> parameters;
    private final Optional<Boolean> strict;

    FunctionDefinition(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "FunctionDefinition");
        this.name = r.text("name");
        this.description = r.optText("description");
        this.parameters = r.optNode("parameters");
        this.strict = r.optBoolean("strict");
    }

    /**
     * Reads a FunctionDefinition from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static FunctionDefinition fromJson(JsonNode json) {
        return new FunctionDefinition(
                FieldReader.requireObject(json, "FunctionDefinition").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static FunctionDefinition jsonCreator(JsonNode json) {
        return new FunctionDefinition(FieldReader.requireObject(json, "FunctionDefinition"));
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
     * The function's name.
     *
     * @return {@code name}; never null (required)
     */
    public String name() {
        return name;
    }

    /**
     * What the function does, for the model.
     *
     * @return {@code description}; empty when absent or null
     */
    public Optional<String> description() {
        return description;
    }

    /**
     * The arguments' JSON Schema.
     *
     * @return a copy of {@code parameters}; empty when absent or null
     */
    public Optional<JsonNode> parameters() {
        return parameters.map(JsonNode::deepCopy);
    }

    /**
     * Whether the arguments must follow the schema exactly.
     *
     * @return {@code strict}; empty when absent or null
     */
    public Optional<Boolean> strict() {
        return strict;
    }

    /** Builds a {@link FunctionDefinition}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<FunctionDefinition, Builder> {

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
         * Sets {@code description}.
         *
         * @param value {@code description}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder description(String value) {
            return set("description", value);
        }

        /**
         * Sets {@code parameters}. The value is copied.
         *
         * @param value {@code parameters}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder parameters(JsonNode value) {
            return set("parameters", value);
        }

        /**
         * Sets {@code strict}.
         *
         * @param value {@code strict}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder strict(Boolean value) {
            return set("strict", value);
        }

        @Override
        public FunctionDefinition build() {
            return new FunctionDefinition(snapshot());
        }
    }
}
