package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one streamed chunk adds to a choice's message: the {@code role} (first chunk), a piece of
 * {@code content} or {@code reasoning}, or fragments of {@code tool_calls} keyed by their {@code index}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatDelta extends JsonModel {

    static final Set<String> FIELDS = Set.of("role", "content", "reasoning", "tool_calls");

    private final Optional<ChatRole> role;
    private final List<ToolCall> toolCalls;

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


    ChatDelta(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "ChatDelta");
        this.role = r.optText("role").map(ChatRole::of);
        this.toolCalls = r.objects("tool_calls", ToolCall::new);
        this.content = textContent(json, getClass().getSimpleName());
        this.contentParts = r.optNode("content").filter(JsonNode::isArray);
        this.reasoning = reasoningOf(json, getClass().getSimpleName());
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

    /**
     * Fragments of tool calls; join them by {@link ToolCall#index()}.
     *
     * @return {@code tool_calls}; unmodifiable; empty when absent or null
     */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /**
     * The piece of text this chunk adds.
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

    /** Builds a {@link ChatDelta}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<ChatDelta, Builder> {

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
        public ChatDelta build() {
            return new ChatDelta(snapshot());
        }
    }
}
