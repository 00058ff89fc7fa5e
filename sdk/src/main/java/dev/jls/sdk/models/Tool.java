package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import java.util.Set;

/**
 * A tool offered to a chat model: {@code {"type": "function", "function": {...}}}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Tool extends JsonModel {

    static final Set<String> FIELDS = Set.of("type", "function");

    private final String type;
    private final FunctionDefinition function;

    Tool(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Tool");
        this.type = r.optText("type").orElse("function");
        this.function = r.optObject("function", FunctionDefinition::new)
                .orElseThrow(() -> new JlsInvalidDataException("Tool.function: required but missing"));
    }

    /**
     * Reads a Tool from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Tool fromJson(JsonNode json) {
        return new Tool(FieldReader.requireObject(json, "Tool").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Tool jsonCreator(JsonNode json) {
        return new Tool(FieldReader.requireObject(json, "Tool"));
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
     * @param function the function offered
     * @return {@code {"type": "function", "function": function}}
     */
    public static Tool function(FunctionDefinition function) {
        return builder().type("function").function(function).build();
    }

    /**
     * @param name the function's name
     * @param description what it does
     * @param parameters its arguments' JSON Schema, copied
     * @return {@code {"type": "function", "function": {name, description, parameters}}}
     */
    public static Tool function(String name, String description, JsonNode parameters) {
        return function(FunctionDefinition.builder()
                .name(name)
                .description(description)
                .parameters(parameters)
                .build());
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
     * The function offered.
     *
     * @return {@code function}; never null (required)
     */
    public FunctionDefinition function() {
        return function;
    }

    /** Builds a {@link Tool}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Tool, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
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
        public Builder function(FunctionDefinition value) {
            return set("function", (JsonModel) value);
        }

        @Override
        public Tool build() {
            return new Tool(snapshot());
        }
    }
}
