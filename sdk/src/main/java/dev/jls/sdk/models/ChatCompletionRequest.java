package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat completion request ({@code POST /v1/chat/completions}, or the {@code input} of a submitted
 * request): OpenAI's fields and vLLM's extras typed; any other field set with
 * {@link Builder#putAdditionalProperty} is sent as given. Only the fields set are written; every unset
 * field takes the server's default.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatCompletionRequest extends SamplingRequest {

    static final Set<String> FIELDS = SamplingRequest.fields(
            "messages", "max_completion_tokens", "logprobs", "top_logprobs", "response_format", "tools", "tool_choice");

    private final List<ChatMessage> messages;
    private final Optional<Integer> maxCompletionTokens;
    private final Optional<Boolean> logprobs;
    private final Optional<Integer> topLogprobs;
    private final Optional<JsonNode> responseFormat;
    private final List<Tool> tools;
    private final Optional<JsonNode> toolChoice;

    ChatCompletionRequest(ObjectNode json) {
        super(json, FIELDS, "ChatCompletionRequest");
        FieldReader r = new FieldReader(json, "ChatCompletionRequest");
        this.messages = r.objects("messages", ChatMessage::new);
        this.maxCompletionTokens = r.optInt("max_completion_tokens");
        this.logprobs = r.optBoolean("logprobs");
        this.topLogprobs = r.optInt("top_logprobs");
        this.responseFormat = r.optNode("response_format");
        this.tools = r.objects("tools", Tool::new);
        this.toolChoice = r.optNode("tool_choice");
    }

    /**
     * Reads a ChatCompletionRequest from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatCompletionRequest fromJson(JsonNode json) {
        return new ChatCompletionRequest(
                FieldReader.requireObject(json, "ChatCompletionRequest").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatCompletionRequest jsonCreator(JsonNode json) {
        return new ChatCompletionRequest(FieldReader.requireObject(json, "ChatCompletionRequest"));
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
     * The conversation so far.
     *
     * @return {@code messages}; unmodifiable; empty when absent or null
     */
    public List<ChatMessage> messages() {
        return messages;
    }

    /**
     * OpenAI's newer name for {@code max_tokens}.
     *
     * @return {@code max_completion_tokens}; empty when absent or null
     */
    public Optional<Integer> maxCompletionTokens() {
        return maxCompletionTokens;
    }

    /**
     * Whether to return log probabilities of the generated tokens.
     *
     * @return {@code logprobs}; empty when absent or null
     */
    public Optional<Boolean> logprobs() {
        return logprobs;
    }

    /**
     * How many most likely tokens to list at each position, with {@code logprobs}.
     *
     * @return {@code top_logprobs}; empty when absent or null
     */
    public Optional<Integer> topLogprobs() {
        return topLogprobs;
    }

    /**
     * Output format, e.g. {@code {"type": "json_object"}}.
     *
     * @return a copy of {@code response_format}; empty when absent or null
     */
    public Optional<JsonNode> responseFormat() {
        return responseFormat.map(JsonNode::deepCopy);
    }

    /**
     * The tools the model may call.
     *
     * @return {@code tools}; unmodifiable; empty when absent or null
     */
    public List<Tool> tools() {
        return tools;
    }

    /**
     * Which tool to call: {@code "auto"}, {@code "none"}, {@code "required"} or an object naming one.
     *
     * @return a copy of {@code tool_choice}; empty when absent or null
     */
    public Optional<JsonNode> toolChoice() {
        return toolChoice.map(JsonNode::deepCopy);
    }

    /** Builds a {@link ChatCompletionRequest}; not thread-safe. */
    public static final class Builder extends SamplingRequest.Builder<ChatCompletionRequest, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code messages}. Replaces the list.
         *
         * @param value {@code messages}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder messages(List<ChatMessage> value) {
            return setModels("messages", value);
        }

        /**
         * Appends one entry to {@code messages}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addMessage(ChatMessage value) {
            return addModel("messages", Objects.requireNonNull(value, "message"));
        }

        /**
         * Sets {@code max_completion_tokens}.
         *
         * @param value {@code max_completion_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder maxCompletionTokens(Integer value) {
            return set("max_completion_tokens", value);
        }

        /**
         * Sets {@code logprobs}.
         *
         * @param value {@code logprobs}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder logprobs(Boolean value) {
            return set("logprobs", value);
        }

        /**
         * Sets {@code top_logprobs}.
         *
         * @param value {@code top_logprobs}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder topLogprobs(Integer value) {
            return set("top_logprobs", value);
        }

        /**
         * Sets {@code response_format}. The value is copied.
         *
         * @param value {@code response_format}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder responseFormat(JsonNode value) {
            return set("response_format", value);
        }

        /**
         * Sets {@code tools}. Replaces the list.
         *
         * @param value {@code tools}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder tools(List<Tool> value) {
            return setModels("tools", value);
        }

        /**
         * Appends one entry to {@code tools}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addTool(Tool value) {
            return addModel("tools", Objects.requireNonNull(value, "tool"));
        }

        /**
         * Sets {@code tool_choice}. The value is copied.
         *
         * @param value {@code tool_choice}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder toolChoice(JsonNode value) {
            return set("tool_choice", value);
        }

        /**
         * Appends a user message.
         *
         * @param content what the user says
         * @return this builder
         */
        public Builder addUserMessage(String content) {
            return addMessage(ChatMessage.user(content));
        }

        /**
         * Appends a system message.
         *
         * @param content the instructions
         * @return this builder
         */
        public Builder addSystemMessage(String content) {
            return addMessage(ChatMessage.system(content));
        }

        @Override
        public ChatCompletionRequest build() {
            return new ChatCompletionRequest(snapshot());
        }
    }
}
