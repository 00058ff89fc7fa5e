package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One chat message: {@code role}, {@code content}, and for assistants vLLM's {@code reasoning} and
 * {@code tool_calls}; for tool answers {@code tool_call_id}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatMessage extends JsonModel {

    static final Set<String> FIELDS = Set.of("role", "content", "reasoning", "name", "tool_calls", "tool_call_id");

    private final ChatRole role;
    private final Optional<String> name;
    private final List<ToolCall> toolCalls;
    private final Optional<String> toolCallId;

    private final Optional<String> content;
    private final Optional<JsonNode> contentParts;
    private final Optional<String> reasoning;

    private static Optional<String> textContent(ObjectNode json, String model) {
        JsonNode node = json.get("content");
        if (node == null || node.isNull() || node.isArray()) {
            return Optional.empty();
        }
        return new FieldReader(json, model).optText("content");
    }

    private static Optional<String> reasoningOf(ObjectNode json, String model) {
        FieldReader r = new FieldReader(json, model);
        return r.optText("reasoning").or(() -> r.optText("reasoning_content"));
    }


    ChatMessage(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "ChatMessage");
        this.role = ChatRole.of(r.text("role"));
        this.name = r.optText("name");
        this.toolCalls = r.objects("tool_calls", ToolCall::new);
        this.toolCallId = r.optText("tool_call_id");
        this.content = textContent(json, getClass().getSimpleName());
        this.contentParts = r.optNode("content").filter(JsonNode::isArray);
        this.reasoning = reasoningOf(json, getClass().getSimpleName());
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
        return builder().role(ChatRole.TOOL).toolCallId(toolCallId).content(content).build();
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
     * The tool calls an assistant message makes.
     *
     * @return {@code tool_calls}; unmodifiable; empty when absent or null
     */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /**
     * In a {@code tool} message, the id of the call it answers.
     *
     * @return {@code tool_call_id}; empty when absent or null
     */
    public Optional<String> toolCallId() {
        return toolCallId;
    }

    /**
     * The text of the message.
     *
     * @return {@code content} when it is a string; empty when absent, null, or a list of parts (see
     *     {@link #contentParts()})
     */
    public Optional<String> content() {
        return content;
    }

    /**
     * @return {@code content} when it is a list of parts (e.g. {@code [{"type": "text", "text": "…"}]}), copied
     */
    public Optional<JsonNode> contentParts() {
        return contentParts.map(JsonNode::deepCopy);
    }

    /**
     * The model's reasoning, from vLLM's reasoning parser.
     *
     * @return {@code reasoning}, else the older {@code reasoning_content}; empty when neither is a string
     */
    public Optional<String> reasoning() {
        return reasoning;
    }

    /** Builds a {@link ChatMessage}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<ChatMessage, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code role}.
         *
         * @param value {@code role}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder role(ChatRole value) {
            return set("role", (OpenEnum) value);
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
         * Sets {@code tool_calls}. Replaces the list.
         *
         * @param value {@code tool_calls}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder toolCalls(List<ToolCall> value) {
            return setModels("tool_calls", value);
        }

        /**
         * Appends one entry to {@code tool_calls}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addToolCall(ToolCall value) {
            return addModel("tool_calls", Objects.requireNonNull(value, "toolCall"));
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

        /**
         * Sets {@code content} to a string.
         *
         * @param value the text; null writes JSON {@code null}
         * @return this builder
         */
        public Builder content(String value) {
            return set("content", value);
        }

        /**
         * Sets {@code content} to a list of parts, e.g. {@code [{"type": "text", "text": "…"}]}.
         *
         * @param value the parts, copied; null writes JSON {@code null}
         * @return this builder
         */
        public Builder contentParts(JsonNode value) {
            return set("content", value);
        }

        /**
         * Sets {@code reasoning}.
         *
         * @param value the reasoning text; null writes JSON {@code null}
         * @return this builder
         */
        public Builder reasoning(String value) {
            return set("reasoning", value);
        }

        @Override
        public ChatMessage build() {
            return new ChatMessage(snapshot());
        }
    }
}
