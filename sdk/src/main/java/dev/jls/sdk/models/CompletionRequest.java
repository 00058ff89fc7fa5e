package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A text completion request ({@code POST /v1/completions}, or the {@code input} of a submitted request):
 * OpenAI's fields and vLLM's extras typed; any other field set with {@link Builder#putAdditionalProperty}
 * is sent as given. Only the fields set are written; every unset field takes the server's default.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class CompletionRequest extends SamplingRequest {

    static final Set<String> FIELDS = SamplingRequest.fields("prompt", "logprobs", "echo", "suffix");

    private final Optional<Integer> logprobs;
    private final Optional<Boolean> echo;
    private final Optional<String> suffix;
    private final Optional<JsonNode> prompt;

    CompletionRequest(ObjectNode json) {
        super(json, FIELDS, "CompletionRequest");
        FieldReader r = new FieldReader(json, "CompletionRequest");
        this.logprobs = r.optInt("logprobs");
        this.echo = r.optBoolean("echo");
        this.suffix = r.optText("suffix");
        this.prompt = r.optNode("prompt");
        if (prompt.isPresent() && !prompt.get().isTextual() && !prompt.get().isArray()) {
            throw new JlsInvalidDataException(
                    "CompletionRequest.prompt: expected a string or a list, got " + prompt.get());
        }
    }

    /**
     * Reads a CompletionRequest from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static CompletionRequest fromJson(JsonNode json) {
        return new CompletionRequest(
                FieldReader.requireObject(json, "CompletionRequest").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CompletionRequest jsonCreator(JsonNode json) {
        return new CompletionRequest(FieldReader.requireObject(json, "CompletionRequest"));
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
     * How many most likely tokens to list with log probabilities at each position.
     *
     * @return {@code logprobs}; empty when absent or null
     */
    public Optional<Integer> logprobs() {
        return logprobs;
    }

    /**
     * Whether the answer repeats the prompt before the completion; the server's default is false.
     *
     * @return {@code echo}; empty when absent or null
     */
    public Optional<Boolean> echo() {
        return echo;
    }

    /**
     * Text that comes after the completion.
     *
     * @return {@code suffix}; empty when absent or null
     */
    public Optional<String> suffix() {
        return suffix;
    }

    /**
     * @return {@code prompt} when it is a single string; empty when absent, null or a list
     */
    public Optional<String> prompt() {
        return prompt.filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    /**
     * @return the prompts as strings: a single string as a list of one, a list of strings as is; empty
     *     when absent, null, or token ids
     */
    public List<String> prompts() {
        if (prompt.isEmpty()) {
            return List.of();
        }
        JsonNode node = prompt.get();
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        List<String> texts = new java.util.ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                return List.of();
            }
            texts.add(item.textValue());
        }
        return List.copyOf(texts);
    }

    /**
     * @return {@code prompt} exactly as written (a string, a list of strings, token ids or lists of them), copied
     */
    public Optional<JsonNode> promptJson() {
        return prompt.map(JsonNode::deepCopy);
    }

    /** Builds a {@link CompletionRequest}; not thread-safe. */
    public static final class Builder extends SamplingRequest.Builder<CompletionRequest, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code logprobs}.
         *
         * @param value {@code logprobs}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder logprobs(Integer value) {
            return set("logprobs", value);
        }

        /**
         * Sets {@code echo}.
         *
         * @param value {@code echo}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder echo(Boolean value) {
            return set("echo", value);
        }

        /**
         * Sets {@code suffix}.
         *
         * @param value {@code suffix}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder suffix(String value) {
            return set("suffix", value);
        }

        /**
         * Sets {@code prompt} to one string.
         *
         * @param value the prompt; null writes JSON {@code null}
         * @return this builder
         */
        public Builder prompt(String value) {
            return set("prompt", value);
        }

        /**
         * Sets {@code prompt} to several prompts, one choice list each.
         *
         * @param value the prompts; null writes JSON {@code null}
         * @return this builder
         */
        public Builder prompt(List<String> value) {
            return setStrings("prompt", value);
        }

        /**
         * Sets {@code prompt} to any JSON the server accepts, e.g. token ids {@code [1, 2, 3]}.
         *
         * @param value the prompt, copied; null writes JSON {@code null}
         * @return this builder
         */
        public Builder promptJson(JsonNode value) {
            return set("prompt", value);
        }

        @Override
        public CompletionRequest build() {
            return new CompletionRequest(snapshot());
        }
    }
}
