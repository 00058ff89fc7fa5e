package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Json;
import java.util.Optional;
import java.util.Set;

/**
 * One tool call the model made: {@code {"id", "type": "function", "function": {"name", "arguments"}}},
 * with an {@code index} in streamed deltas.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ToolCall extends JsonModel {

    static final Set<String> FIELDS = Set.of("index", "id", "type", "function");

    private final Optional<Integer> index;
    private final Optional<String> id;
    private final String type;
    private final FunctionCall function;

    ToolCall(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "ToolCall");
        this.index = r.optInt("index");
        this.id = r.optText("id");
        this.type = r.optText("type").orElse("function");
        this.function = r.optObject("function", FunctionCall::new).orElseGet(() -> new FunctionCall(Json.object()));
    }

    /**
     * Reads a ToolCall from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ToolCall fromJson(JsonNode json) {
        return new ToolCall(FieldReader.requireObject(json, "ToolCall").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ToolCall jsonCreator(JsonNode json) {
        return new ToolCall(FieldReader.requireObject(json, "ToolCall"));
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
     * @param id the call's id
     * @param name the function's name
     * @param arguments the arguments as JSON text
     * @return a complete {@code function} tool call
     */
    public static ToolCall of(String id, String name, String arguments) {
        return builder()
                .id(id)
                .type("function")
                .function(FunctionCall.of(name, arguments))
                .build();
    }

    /**
     * Which tool call a streamed fragment belongs to; absent outside streams.
     *
     * @return {@code index}; empty when absent or null
     */
    public Optional<Integer> index() {
        return index;
    }

    /**
     * The call's id, which the {@code tool} message answering it repeats as {@code tool_call_id}.
     *
     * @return {@code id}; empty when absent or null
     */
    public Optional<String> id() {
        return id;
    }

    /**
     * The kind of tool; only {@code function} exists today.
     *
     * @return {@code type}; {@code "function"} when absent or null
     */
    public String type() {
        return type;
    }

    /**
     * The function called and its arguments.
     *
     * @return {@code function}; an empty one when absent or null
     */
    public FunctionCall function() {
        return function;
    }

    /** Builds a {@link ToolCall}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<ToolCall, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code index}.
         *
         * @param value {@code index}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder index(Integer value) {
            return set("index", value);
        }

        /**
         * Sets {@code id}.
         *
         * @param value {@code id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder id(String value) {
            return set("id", value);
        }

        /**
         * Sets {@code type}.
         *
         * @param value {@code type}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder type(String value) {
            return set("type", value);
        }

        /**
         * Sets {@code function}.
         *
         * @param value {@code function}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder function(FunctionCall value) {
            return set("function", (JsonModel) value);
        }

        @Override
        public ToolCall build() {
            return new ToolCall(snapshot());
        }
    }
}
