package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a chat request and a completions request have in common: the model, how much to generate, and
 * how to sample (OpenAI's parameters and vLLM's extras). {@link ChatCompletionRequest} and
 * {@link CompletionRequest} add what is theirs alone.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public abstract class SamplingRequest extends JsonModel {

    /** The fields every sampling request has, read here once for both kinds. */
    private static final List<String> SHARED_FIELDS = List.of(
            "model",
            "max_tokens",
            "temperature",
            "top_p",
            "n",
            "stop",
            "seed",
            "stream",
            "stream_options",
            "presence_penalty",
            "frequency_penalty",
            "user",
            "top_k",
            "min_p",
            "repetition_penalty",
            "min_tokens",
            "ignore_eos",
            "stop_token_ids");

    private final Optional<String> model;
    private final Optional<Integer> maxTokens;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final Optional<Integer> n;
    private final List<String> stop;
    private final Optional<Long> seed;
    private final Optional<Boolean> stream;
    private final Optional<StreamOptions> streamOptions;
    private final Optional<Double> presencePenalty;
    private final Optional<Double> frequencyPenalty;
    private final Optional<String> user;
    private final Optional<Integer> topK;
    private final Optional<Double> minP;
    private final Optional<Double> repetitionPenalty;
    private final Optional<Integer> minTokens;
    private final Optional<Boolean> ignoreEos;
    private final List<Integer> stopTokenIds;

    /** The fields of a kind of request: the shared ones and {@code own}. */
    static Set<String> fields(String... own) {
        Set<String> all = new LinkedHashSet<>(SHARED_FIELDS);
        all.addAll(List.of(own));
        return Set.copyOf(all);
    }

    SamplingRequest(ObjectNode json, Set<String> knownFields, String type) {
        super(json, knownFields);
        FieldReader r = new FieldReader(json, type);
        this.model = r.optText("model");
        this.maxTokens = r.optInt("max_tokens");
        this.temperature = r.optDouble("temperature");
        this.topP = r.optDouble("top_p");
        this.n = r.optInt("n");
        this.stop = r.strings("stop");
        this.seed = r.optLong("seed");
        this.stream = r.optBoolean("stream");
        this.streamOptions = r.optObject("stream_options", StreamOptions::new);
        this.presencePenalty = r.optDouble("presence_penalty");
        this.frequencyPenalty = r.optDouble("frequency_penalty");
        this.user = r.optText("user");
        this.topK = r.optInt("top_k");
        this.minP = r.optDouble("min_p");
        this.repetitionPenalty = r.optDouble("repetition_penalty");
        this.minTokens = r.optInt("min_tokens");
        this.ignoreEos = r.optBoolean("ignore_eos");
        this.stopTokenIds = r.ints("stop_token_ids");
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
     * The most tokens to generate; unset, the server decides (chat: up to the context limit;
     * completions: 16).
     *
     * @return {@code max_tokens}; empty when absent or null
     */
    public Optional<Integer> maxTokens() {
        return maxTokens;
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

    /**
     * The setters a chat request's and a completions request's builders share.
     *
     * @param <M> the request built
     * @param <B> the builder itself
     */
    public abstract static class Builder<M extends SamplingRequest, B extends Builder<M, B>>
            extends JsonModel.Builder<M, B> {

        Builder(ObjectNode start, Set<String> knownFields) {
            super(start, knownFields);
        }

        /**
         * Sets {@code model}.
         *
         * @param value {@code model}; null writes JSON {@code null}
         * @return this builder
         */
        public final B model(String value) {
            return set("model", value);
        }

        /**
         * Sets {@code max_tokens}.
         *
         * @param value {@code max_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public final B maxTokens(Integer value) {
            return set("max_tokens", value);
        }

        /**
         * Sets {@code temperature}.
         *
         * @param value {@code temperature}; null writes JSON {@code null}
         * @return this builder
         */
        public final B temperature(double value) {
            return set("temperature", (Double) value);
        }

        /**
         * Sets {@code temperature}.
         *
         * @param value {@code temperature}; null writes JSON {@code null}
         * @return this builder
         */
        public final B temperature(Double value) {
            return set("temperature", value);
        }

        /**
         * Sets {@code top_p}.
         *
         * @param value {@code top_p}; null writes JSON {@code null}
         * @return this builder
         */
        public final B topP(double value) {
            return set("top_p", (Double) value);
        }

        /**
         * Sets {@code top_p}.
         *
         * @param value {@code top_p}; null writes JSON {@code null}
         * @return this builder
         */
        public final B topP(Double value) {
            return set("top_p", value);
        }

        /**
         * Sets {@code n}.
         *
         * @param value {@code n}; null writes JSON {@code null}
         * @return this builder
         */
        public final B n(Integer value) {
            return set("n", value);
        }

        /**
         * Sets {@code stop}. Replaces the list.
         *
         * @param value {@code stop}; null writes JSON {@code null}
         * @return this builder
         */
        public final B stop(List<String> value) {
            return setStrings("stop", value);
        }

        /**
         * Sets {@code seed}.
         *
         * @param value {@code seed}; null writes JSON {@code null}
         * @return this builder
         */
        public final B seed(long value) {
            return set("seed", (Long) value);
        }

        /**
         * Sets {@code seed}.
         *
         * @param value {@code seed}; null writes JSON {@code null}
         * @return this builder
         */
        public final B seed(Long value) {
            return set("seed", value);
        }

        /**
         * Sets {@code stream}.
         *
         * @param value {@code stream}; null writes JSON {@code null}
         * @return this builder
         */
        public final B stream(Boolean value) {
            return set("stream", value);
        }

        /**
         * Sets {@code stream_options}.
         *
         * @param value {@code stream_options}; null writes JSON {@code null}
         * @return this builder
         */
        public final B streamOptions(StreamOptions value) {
            return set("stream_options", (JsonModel) value);
        }

        /**
         * Sets {@code presence_penalty}.
         *
         * @param value {@code presence_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B presencePenalty(double value) {
            return set("presence_penalty", (Double) value);
        }

        /**
         * Sets {@code presence_penalty}.
         *
         * @param value {@code presence_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B presencePenalty(Double value) {
            return set("presence_penalty", value);
        }

        /**
         * Sets {@code frequency_penalty}.
         *
         * @param value {@code frequency_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B frequencyPenalty(double value) {
            return set("frequency_penalty", (Double) value);
        }

        /**
         * Sets {@code frequency_penalty}.
         *
         * @param value {@code frequency_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B frequencyPenalty(Double value) {
            return set("frequency_penalty", value);
        }

        /**
         * Sets {@code user}.
         *
         * @param value {@code user}; null writes JSON {@code null}
         * @return this builder
         */
        public final B user(String value) {
            return set("user", value);
        }

        /**
         * Sets {@code top_k}.
         *
         * @param value {@code top_k}; null writes JSON {@code null}
         * @return this builder
         */
        public final B topK(Integer value) {
            return set("top_k", value);
        }

        /**
         * Sets {@code min_p}.
         *
         * @param value {@code min_p}; null writes JSON {@code null}
         * @return this builder
         */
        public final B minP(double value) {
            return set("min_p", (Double) value);
        }

        /**
         * Sets {@code min_p}.
         *
         * @param value {@code min_p}; null writes JSON {@code null}
         * @return this builder
         */
        public final B minP(Double value) {
            return set("min_p", value);
        }

        /**
         * Sets {@code repetition_penalty}.
         *
         * @param value {@code repetition_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B repetitionPenalty(double value) {
            return set("repetition_penalty", (Double) value);
        }

        /**
         * Sets {@code repetition_penalty}.
         *
         * @param value {@code repetition_penalty}; null writes JSON {@code null}
         * @return this builder
         */
        public final B repetitionPenalty(Double value) {
            return set("repetition_penalty", value);
        }

        /**
         * Sets {@code min_tokens}.
         *
         * @param value {@code min_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public final B minTokens(Integer value) {
            return set("min_tokens", value);
        }

        /**
         * Sets {@code ignore_eos}.
         *
         * @param value {@code ignore_eos}; null writes JSON {@code null}
         * @return this builder
         */
        public final B ignoreEos(Boolean value) {
            return set("ignore_eos", value);
        }

        /**
         * Sets {@code stop_token_ids}. Replaces the list.
         *
         * @param value {@code stop_token_ids}; null writes JSON {@code null}
         * @return this builder
         */
        public final B stopTokenIds(List<Integer> value) {
            return setInts("stop_token_ids", value);
        }

        /**
         * Sets {@code stop} to a single string, written as a string.
         *
         * @param value where to stop; null writes JSON {@code null}
         * @return this builder
         */
        public final B stop(String value) {
            return set("stop", value);
        }
    }
}
