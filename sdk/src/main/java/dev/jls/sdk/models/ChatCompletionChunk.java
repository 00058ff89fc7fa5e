package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One event of a streamed chat completion ({@code "object": "chat.completion.chunk"}). The last
 * one, when usage was asked for, has empty {@code choices} and carries {@code usage}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatCompletionChunk extends CompletionEnvelope {

    static final Set<String> FIELDS =
            Set.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint");

    private final List<ChatChunkChoice> choices;

    ChatCompletionChunk(ObjectNode json) {
        super(json, FIELDS, "ChatCompletionChunk", "chat.completion.chunk");
        FieldReader r = new FieldReader(json, "ChatCompletionChunk");
        this.choices = r.objects("choices", ChatChunkChoice::new);
    }

    /**
     * Reads a ChatCompletionChunk from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatCompletionChunk fromJson(JsonNode json) {
        return new ChatCompletionChunk(
                FieldReader.requireObject(json, "ChatCompletionChunk").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatCompletionChunk jsonCreator(JsonNode json) {
        return new ChatCompletionChunk(FieldReader.requireObject(json, "ChatCompletionChunk"));
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
     * The choices this chunk adds to; empty in the usage chunk.
     *
     * @return {@code choices}; unmodifiable; empty when absent or null
     */
    public List<ChatChunkChoice> choices() {
        return choices;
    }

    /** Builds a {@link ChatCompletionChunk}; not thread-safe. */
    public static final class Builder extends CompletionEnvelope.Builder<ChatCompletionChunk, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code choices}. Replaces the list.
         *
         * @param value {@code choices}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder choices(List<ChatChunkChoice> value) {
            return setModels("choices", value);
        }

        /**
         * Appends one entry to {@code choices}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addChoice(ChatChunkChoice value) {
            return addModel("choices", Objects.requireNonNull(value, "choice"));
        }

        @Override
        public ChatCompletionChunk build() {
            return new ChatCompletionChunk(snapshot());
        }
    }
}
