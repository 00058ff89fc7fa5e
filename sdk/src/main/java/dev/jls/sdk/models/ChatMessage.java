package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * One chat message: {@code role}, {@code content}, and for assistants vLLM's {@code reasoning} and
 * {@code tool_calls}; for tool answers {@code tool_call_id}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatMessage extends AbstractChatMessage {

    static final Set<String> FIELDS = union(SHARED, Set.of("name", "tool_call_id"));

    private final ChatRole role;
    private final Optional<String> name;
    private final Optional<String> toolCallId;

    ChatMessage(ObjectNode json) {
        super(json, FIELDS, "ChatMessage");
        FieldReader r = new FieldReader(json, "ChatMessage");
        this.role = ChatRole.of(r.text("role"));
        this.name = r.optText("name");
        this.toolCallId = r.optText("tool_call_id");
    }

    /**
     * Reads a ChatMessage from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatMessage fromJson(JsonNode json) {
        return new ChatMessage(FieldReader.requireObject(json, "ChatMessage").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatMessage jsonCreator(JsonNode json) {
        return new ChatMessage(FieldReader.requireObject(json, "ChatMessage"));
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
     * @param content the instructions
     * @return {@code {"role": "system", "content": content}}
     */
    public static ChatMessage system(String content) {
        return builder().role(ChatRole.SYSTEM).content(content).build();
    }

    /**
     * @param content the instructions
     * @return {@code {"role": "developer", "content": content}}
     */
    public static ChatMessage developer(String content) {
        return builder().role(ChatRole.DEVELOPER).content(content).build();
    }

    /**
     * @param content what the user says
     * @return {@code {"role": "user", "content": content}}
     */
    public static ChatMessage user(String content) {
        return builder().role(ChatRole.USER).content(content).build();
    }

    /**
     * @param content what the assistant said
     * @return {@code {"role": "assistant", "content": content}}
     */
    public static ChatMessage assistant(String content) {
        return builder().role(ChatRole.ASSISTANT).content(content).build();
    }

    /**
     * @param toolCallId the id of the tool call answered
     * @param content the tool's result
     * @return {@code {"role": "tool", "tool_call_id": toolCallId, "content": content}}
     */
    public static ChatMessage tool(String toolCallId, String content) {
        return builder()
                .role(ChatRole.TOOL)
                .toolCallId(toolCallId)
                .content(content)
                .build();
    }

    /**
     * Who speaks.
     *
     * @return {@code role}; never null (required)
     */
    public ChatRole role() {
        return role;
    }

    /**
     * An optional name for the speaker.
     *
     * @return {@code name}; empty when absent or null
     */
    public Optional<String> name() {
        return name;
    }

    /**
     * In a {@code tool} message, the id of the call it answers.
     *
     * @return {@code tool_call_id}; empty when absent or null
     */
    public Optional<String> toolCallId() {
        return toolCallId;
    }

    /** Builds a {@link ChatMessage}; not thread-safe. */
    public static final class Builder extends AbstractChatMessage.Builder<ChatMessage, Builder> {

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
         * Sets {@code tool_call_id}.
         *
         * @param value {@code tool_call_id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder toolCallId(String value) {
            return set("tool_call_id", value);
        }

        @Override
        public ChatMessage build() {
            return new ChatMessage(snapshot());
        }
    }
}
