package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import java.util.Set;

/**
 * One choice of a chat completion.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatChoice extends Choice {

    static final Set<String> FIELDS = Set.of("index", "message", "logprobs", "finish_reason", "stop_reason");

    private final ChatMessage message;

    ChatChoice(ObjectNode json) {
        super(json, FIELDS, "ChatChoice");
        FieldReader r = new FieldReader(json, "ChatChoice");
        this.message = r.optObject("message", ChatMessage::new)
                .orElseThrow(() -> new JlsInvalidDataException("ChatChoice.message: required but missing"));
    }

    /**
     * Reads a ChatChoice from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatChoice fromJson(JsonNode json) {
        return new ChatChoice(FieldReader.requireObject(json, "ChatChoice").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatChoice jsonCreator(JsonNode json) {
        return new ChatChoice(FieldReader.requireObject(json, "ChatChoice"));
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
     * The generated message.
     *
     * @return {@code message}; never null (required)
     */
    public ChatMessage message() {
        return message;
    }

    /** Builds a {@link ChatChoice}; not thread-safe. */
    public static final class Builder extends Choice.Builder<ChatChoice, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code message}.
         *
         * @param value {@code message}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder message(ChatMessage value) {
            return set("message", (JsonModel) value);
        }

        @Override
        public ChatChoice build() {
            return new ChatChoice(snapshot());
        }
    }
}
