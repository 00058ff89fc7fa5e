package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * What one streamed chunk adds to a choice's message: the {@code role} (first chunk), a piece of
 * {@code content} or {@code reasoning}, or fragments of {@code tool_calls} keyed by their {@code index};
 * the fields it shares with {@link ChatMessage} are read and written by {@link AbstractChatMessage}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatDelta extends AbstractChatMessage {

    static final Set<String> FIELDS = SHARED;

    private final Optional<ChatRole> role;

    ChatDelta(ObjectNode json) {
        super(json, FIELDS, "ChatDelta");
        this.role = new FieldReader(json, "ChatDelta").optText("role").map(ChatRole::of);
    }

    /**
     * Reads a ChatDelta from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatDelta fromJson(JsonNode json) {
        return new ChatDelta(FieldReader.requireObject(json, "ChatDelta").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatDelta jsonCreator(JsonNode json) {
        return new ChatDelta(FieldReader.requireObject(json, "ChatDelta"));
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
     * The speaker, sent in the first chunk only.
     *
     * @return {@code role}; empty when absent or null
     */
    public Optional<ChatRole> role() {
        return role;
    }

    /** Builds a {@link ChatDelta}; not thread-safe. */
    public static final class Builder extends AbstractChatMessage.Builder<ChatDelta, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        @Override
        public ChatDelta build() {
            return new ChatDelta(snapshot());
        }
    }
}
