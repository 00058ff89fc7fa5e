package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Json;
import java.util.Set;

/**
 * One choice of a streamed chat chunk.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatChunkChoice extends Choice {

    static final Set<String> FIELDS = Set.of("index", "delta", "logprobs", "finish_reason", "stop_reason");

    private final ChatDelta delta;

    ChatChunkChoice(ObjectNode json) {
        super(json, FIELDS, "ChatChunkChoice");
        FieldReader r = new FieldReader(json, "ChatChunkChoice");
        this.delta = r.optObject("delta", ChatDelta::new).orElseGet(() -> new ChatDelta(Json.object()));
    }

    /**
     * Reads a ChatChunkChoice from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatChunkChoice fromJson(JsonNode json) {
        return new ChatChunkChoice(
                FieldReader.requireObject(json, "ChatChunkChoice").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatChunkChoice jsonCreator(JsonNode json) {
        return new ChatChunkChoice(FieldReader.requireObject(json, "ChatChunkChoice"));
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
     * What this chunk adds to the choice's message.
     *
     * @return {@code delta}; an empty one when absent or null
     */
    public ChatDelta delta() {
        return delta;
    }

    /** Builds a {@link ChatChunkChoice}; not thread-safe. */
    public static final class Builder extends Choice.Builder<ChatChunkChoice, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code delta}.
         *
         * @param value {@code delta}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder delta(ChatDelta value) {
            return set("delta", (JsonModel) value);
        }

        @Override
        public ChatChunkChoice build() {
            return new ChatChunkChoice(snapshot());
        }
    }
}
