package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a whole chat message and a streamed piece of one share: {@code content} (text or a list of parts),
 * vLLM's {@code reasoning}, and {@code tool_calls}. {@link ChatMessage} adds its required {@code role},
 * {@code name} and {@code tool_call_id}; {@link ChatDelta} has {@code role} in its first chunk only.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public abstract sealed class AbstractChatMessage extends JsonModel permits ChatMessage, ChatDelta {

    /** The fields both have. */
    static final Set<String> SHARED = Set.of("role", "content", "reasoning", "tool_calls");

    private final List<ToolCall> toolCalls;
    private final Optional<String> content;
    private final Optional<JsonNode> contentParts;
    private final Optional<String> reasoning;

    AbstractChatMessage(ObjectNode json, Set<String> knownFields, String type) {
        super(json, knownFields);
        FieldReader r = new FieldReader(json, type);
        this.toolCalls = r.objects("tool_calls", ToolCall::new);
        JsonNode node = json.get("content");
        this.content = node == null || node.isArray() ? Optional.empty() : r.optText("content");
        this.contentParts = r.optNode("content").filter(JsonNode::isArray);
        this.reasoning = r.optText("reasoning").or(() -> r.optText("reasoning_content"));
    }

    /**
     * The tool calls an assistant makes; in a streamed chunk, fragments of them to join by
     * {@link ToolCall#index()}.
     *
     * @return {@code tool_calls}; unmodifiable; empty when absent or null
     */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /**
     * The text of the message, or the piece of it a chunk adds.
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

    /**
     * The setters both builders share.
     *
     * @param <M> the message built
     * @param <B> the builder itself
     */
    public abstract static sealed class Builder<M extends AbstractChatMessage, B extends Builder<M, B>>
            extends JsonModel.Builder<M, B> permits ChatMessage.Builder, ChatDelta.Builder {

        Builder(ObjectNode start, Set<String> knownFields) {
            super(start, knownFields);
        }

        /**
         * Sets {@code role}.
         *
         * @param value {@code role}; null writes JSON {@code null}
         * @return this builder
         */
        public final B role(ChatRole value) {
            return set("role", (OpenEnum) value);
        }

        /**
         * Sets {@code tool_calls}. Replaces the list.
         *
         * @param value {@code tool_calls}; null writes JSON {@code null}
         * @return this builder
         */
        public final B toolCalls(List<ToolCall> value) {
            return setModels("tool_calls", value);
        }

        /**
         * Appends one entry to {@code tool_calls}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public final B addToolCall(ToolCall value) {
            return addModel("tool_calls", Objects.requireNonNull(value, "toolCall"));
        }

        /**
         * Sets {@code content} to a string.
         *
         * @param value the text; null writes JSON {@code null}
         * @return this builder
         */
        public final B content(String value) {
            return set("content", value);
        }

        /**
         * Sets {@code content} to a list of parts, e.g. {@code [{"type": "text", "text": "…"}]}.
         *
         * @param value the parts, copied; null writes JSON {@code null}
         * @return this builder
         */
        public final B contentParts(JsonNode value) {
            return set("content", value);
        }

        /**
         * Sets {@code reasoning}.
         *
         * @param value the reasoning text; null writes JSON {@code null}
         * @return this builder
         */
        public final B reasoning(String value) {
            return set("reasoning", value);
        }
    }
}
