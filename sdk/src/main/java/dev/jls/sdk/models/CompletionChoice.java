package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One choice of a text completion, or of a streamed {@code text_completion} chunk.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class CompletionChoice extends Choice {

    static final Set<String> FIELDS = Set.of("index", "text", "logprobs", "finish_reason", "stop_reason");

    private final String text;

    CompletionChoice(ObjectNode json) {
        super(json, FIELDS, "CompletionChoice");
        FieldReader r = new FieldReader(json, "CompletionChoice");
        this.text = r.optText("text").orElse("");
    }

    /**
     * Reads a CompletionChoice from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static CompletionChoice fromJson(JsonNode json) {
        return new CompletionChoice(
                FieldReader.requireObject(json, "CompletionChoice").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CompletionChoice jsonCreator(JsonNode json) {
        return new CompletionChoice(FieldReader.requireObject(json, "CompletionChoice"));
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
     * The generated text (in a chunk, the piece it adds).
     *
     * @return {@code text}; empty string when absent or null
     */
    public String text() {
        return text;
    }

    /** Builds a {@link CompletionChoice}; not thread-safe. */
    public static final class Builder extends Choice.Builder<CompletionChoice, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code text}.
         *
         * @param value {@code text}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder text(String value) {
            return set("text", value);
        }

        @Override
        public CompletionChoice build() {
            return new CompletionChoice(snapshot());
        }
    }
}
