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
public final class ChatCompletionRequest extends JsonModel {

    static final Set<String> FIELDS = Set.of(
            "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p",
            "n", "stop", "seed", "stream", "stream_options", "logprobs", "top_logprobs",
            "presence_penalty", "frequency_penalty", "response_format", "tools", "tool_choice",
            "user", "top_k", "min_p", "repetition_penalty", "min_tokens", "ignore_eos",
            "stop_token_ids");

    private final Optional<String> model;
    private final List<ChatMessage> messages;
    private final Optional<Integer> maxTokens;
    private final Optional<Integer> maxCompletionTokens;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<Integer> n;
    private final List<String> stop;
    private final Optional<Long> seed;
    private final Optional<Boolean> stream;
    private final Optional<StreamOptions> streamOptions;
    private final Optional<Boolean> logprobs;
    private final Optional<Integer> topLogprobs;
    private final Optional<Double> presencePenalty;
    private final Optional<Double> frequencyPenalty;
    private final Optional<JsonNode> responseFormat;
    private final List<Tool> tools;
    private final Optional<JsonNode> toolChoice;
    private final Optional<String> user;
    private final Optional<Integer> topK;
    private final Optional<Double> minP;
    private final Optional<Double> repetitionPenalty;
    private final Optional<Integer> minTokens;
    private final Optional<Boolean> ignoreEos;
    private final List<Integer> stopTokenIds;


    ChatCompletionRequest(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "ChatCompletionRequest");
        this.model = r.optText("model");
        this.messages = r.objects("messages", ChatMessage::new);
        this.maxTokens = r.optInt("max_tokens");
        this.maxCompletionTokens = r.optInt("max_completion_tokens");
        this.temperature = r.optDouble("temperature");
        this.topP = r.optDouble("top_p");
        this.n = r.optInt("n");
        this.stop = r.strings("stop");
        this.seed = r.optLong("seed");
        this.stream = r.optBoolean("stream");
        this.streamOptions = r.optObject("stream_options", StreamOptions::new);
        this.logprobs = r.optBoolean("logprobs");
        this.topLogprobs = r.optInt("top_logprobs");
        this.presencePenalty = r.optDouble("presence_penalty");
        this.frequencyPenalty = r.optDouble("frequency_penalty");
        this.responseFormat = r.optNode("response_format");
        this.tools = r.objects("tools", Tool::new);
        this.toolChoice = r.optNode("tool_choice");
        this.user = r.optText("user");
        this.topK = r.optInt("top_k");
        this.minP = r.optDouble("min_p");
        this.repetitionPenalty = r.optDouble("repetition_penalty");
        this.minTokens = r.optInt("min_tokens");
        this.ignoreEos = r.optBoolean("ignore_eos");
        this.stopTokenIds = r.ints("stop_token_ids");
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
        return new ChatCompletionRequest(FieldReader.requireObject(json, "ChatCompletionRequest").deepCopy());
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
     * The served model name; unset means the deployment's served model.
     *
     * @return {@code model}; empty when absent or null
     */
    public Optional<String> model() {
        return model;
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
     * The most tokens to generate; unset, up to the context limit.
     *
     * @return {@code max_tokens}; empty when absent or null
     */
    public Optional<Integer> maxTokens() {
        return maxTokens;
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
     * Sampling temperature, 0 meaning greedy; the server's default is 1.
     *
     * @return {@code temperature}; empty when absent or null
     */
    public Optional<Double> temperature() {
        return temperature;
    }

    /**
     * Nucleus sampling mass; the server's default is 1.
     *
     * @return {@code top_p}; empty when absent or null
     */
    public Optional<Double> topP() {
        return topP;
    }

    /**
     * How many choices to generate; the server's default is 1.
     *
     * @return {@code n}; empty when absent or null
     */
    public Optional<Integer> n() {
        return n;
    }

    /**
     * Strings that end generation (a single string on the wire reads as a list of one).
     *
     * @return {@code stop}; unmodifiable; empty when absent or null
     */
    public List<String> stop() {
        return stop;
    }

    /**
     * Seed for sampling, for repeatable answers.
     *
     * @return {@code seed}; empty when absent or null
     */
    public Optional<Long> seed() {
        return seed;
    }

    /**
     * Whether to stream; the streaming calls set it themselves.
     *
     * @return {@code stream}; empty when absent or null
     */
    public Optional<Boolean> stream() {
        return stream;
    }

    /**
     * Streaming options; present, the last chunk carries {@code usage}.
     *
     * @return {@code stream_options}; empty when absent or null
     */
    public Optional<StreamOptions> streamOptions() {
        return streamOptions;
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
     * Penalty on tokens already present; the server's default is 0.
     *
     * @return {@code presence_penalty}; empty when absent or null
     */
    public Optional<Double> presencePenalty() {
        return presencePenalty;
    }

    /**
     * Penalty by how often tokens appeared; the server's default is 0.
     *
     * @return {@code frequency_penalty}; empty when absent or null
     */
    public Optional<Double> frequencyPenalty() {
        return frequencyPenalty;
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

    /**
     * An end-user id, for the server's logs.
     *
     * @return {@code user}; empty when absent or null
     */
    public Optional<String> user() {
        return user;
    }

    /**
     * vLLM: sample from the k most likely tokens only; the server's default -1 (or 0) means all.
     *
     * @return {@code top_k}; empty when absent or null
     */
    public Optional<Integer> topK() {
        return topK;
    }

    /**
     * vLLM: drop tokens less likely than this share of the most likely one; the server's default is 0.
     *
     * @return {@code min_p}; empty when absent or null
     */
    public Optional<Double> minP() {
        return minP;
    }

    /**
     * vLLM: penalty on repeated tokens, 1 meaning none (the server's default).
     *
     * @return {@code repetition_penalty}; empty when absent or null
     */
    public Optional<Double> repetitionPenalty() {
        return repetitionPenalty;
    }

    /**
     * vLLM: generate at least this many tokens before a stop may end it; the server's default is 0.
     *
     * @return {@code min_tokens}; empty when absent or null
     */
    public Optional<Integer> minTokens() {
        return minTokens;
    }

    /**
     * vLLM: keep generating past the end-of-sequence token; the server's default is false.
     *
     * @return {@code ignore_eos}; empty when absent or null
     */
    public Optional<Boolean> ignoreEos() {
        return ignoreEos;
    }

    /**
     * vLLM: token ids that end generation.
     *
     * @return {@code stop_token_ids}; unmodifiable; empty when absent or null
     */
    public List<Integer> stopTokenIds() {
        return stopTokenIds;
    }

    /** Builds a {@link ChatCompletionRequest}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<ChatCompletionRequest, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code model}.
         *
         * @param value {@code model}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder model(String value) {
            return set("model", value);
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
         * Sets {@code max_tokens}.
         *
         * @param value {@code max_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder maxTokens(Integer value) {
            return set("max_tokens", value);
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
         * Sets {@code temperature}.
         *
         * @param value {@code temperature}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder temperature(double value) {
            return set("temperature", (Double) value);
        }

        /**
         * Sets {@code temperature}.
         *
         * @param value {@code temperature}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder temperature(Double value) {
            return set("temperature", value);
        }

        /**
         * Sets {@code top_p}.
         *
         * @param value {@code top_p}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder topP(double value) {
            return set("top_p", (Double) value);
        }

        /**
         * Sets {@code top_p}.
         *
         * @param value {@code top_p}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder topP(Double value) {
            return set("top_p", value);
        }

        /**
         * Sets {@code n}.
         *
         * @param value {@code n}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder n(Integer value) {
            return set("n", value);
        }

        /**
         * Sets {@code stop}. Replaces the list.
         *
         * @param value {@code stop}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder stop(List<String> value) {
            return setStrings("stop", value);
        }

        /**
         * Sets {@code seed}.
         *
         * @param value {@code seed}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder seed(long value) {
            return set("seed", (Long) value);
        }

        /**
         * Sets {@code seed}.
         *
         * @param value {@code seed}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder seed(Long value) {
            return set("seed", value);
        }

        /**
         * Sets {@code stream}.
         *
         * @param value {@code stream}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder stream(Boolean value) {
            return set("stream", value);
        }

        /**
         * Sets {@code stream_options}.
         *
         * @param value {@code stream_options}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder streamOptions(StreamOptions value) {
            return set("stream_options", (JsonModel) value);
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
         * Sets {@code presence_penalty}.
         *
         * @param value {@code presence_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder presencePenalty(double value) {
            return set("presence_penalty", (Double) value);
        }

        /**
         * Sets {@code presence_penalty}.
         *
         * @param value {@code presence_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder presencePenalty(Double value) {
            return set("presence_penalty", value);
        }

        /**
         * Sets {@code frequency_penalty}.
         *
         * @param value {@code frequency_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder frequencyPenalty(double value) {
            return set("frequency_penalty", (Double) value);
        }

        /**
         * Sets {@code frequency_penalty}.
         *
         * @param value {@code frequency_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder frequencyPenalty(Double value) {
            return set("frequency_penalty", value);
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
         * Sets {@code user}.
         *
         * @param value {@code user}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder user(String value) {
            return set("user", value);
        }

        /**
         * Sets {@code top_k}.
         *
         * @param value {@code top_k}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder topK(Integer value) {
            return set("top_k", value);
        }

        /**
         * Sets {@code min_p}.
         *
         * @param value {@code min_p}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder minP(double value) {
            return set("min_p", (Double) value);
        }

        /**
         * Sets {@code min_p}.
         *
         * @param value {@code min_p}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder minP(Double value) {
            return set("min_p", value);
        }

        /**
         * Sets {@code repetition_penalty}.
         *
         * @param value {@code repetition_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder repetitionPenalty(double value) {
            return set("repetition_penalty", (Double) value);
        }

        /**
         * Sets {@code repetition_penalty}.
         *
         * @param value {@code repetition_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder repetitionPenalty(Double value) {
            return set("repetition_penalty", value);
        }

        /**
         * Sets {@code min_tokens}.
         *
         * @param value {@code min_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder minTokens(Integer value) {
            return set("min_tokens", value);
        }

        /**
         * Sets {@code ignore_eos}.
         *
         * @param value {@code ignore_eos}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder ignoreEos(Boolean value) {
            return set("ignore_eos", value);
        }

        /**
         * Sets {@code stop_token_ids}. Replaces the list.
         *
         * @param value {@code stop_token_ids}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder stopTokenIds(List<Integer> value) {
            return setInts("stop_token_ids", value);
        }

        /**
         * Sets {@code stop} to a single string, written as a string.
         *
         * @param value where to stop; null writes JSON {@code null}
         * @return this builder
         */
        public Builder stop(String value) {
            return set("stop", value);
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
