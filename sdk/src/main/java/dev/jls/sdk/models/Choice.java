package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * What every choice of an answer carries besides its content: its index, log probabilities, and why
 * it ended. {@link ChatChoice}, {@link ChatChunkChoice} and {@link CompletionChoice} add the message,
 * the delta or the text.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public abstract class Choice extends JsonModel {

    private final int index;
    private final Optional<JsonNode> logprobs;
    private final Optional<FinishReason> finishReason;
    private final Optional<JsonNode> stopReason;

    Choice(ObjectNode json, Set<String> knownFields, String type) {
        super(json, knownFields);
        FieldReader r = new FieldReader(json, type);
        this.index = r.optInt("index").orElse(0);
        this.logprobs = r.optNode("logprobs");
        this.finishReason = r.optText("finish_reason").map(FinishReason::of);
        this.stopReason = r.optNode("stop_reason");
    }

    /**
     * The choice's position, from 0.
     *
     * @return {@code index}; 0 when absent or null
     */
    public int index() {
        return index;
    }

    /**
     * Log probabilities, when requested.
     *
     * @return a copy of {@code logprobs}; empty when absent or null
     */
    public Optional<JsonNode> logprobs() {
        return logprobs.map(JsonNode::deepCopy);
    }

    /**
     * Why generation stopped.
     *
     * @return {@code finish_reason}; empty when absent or null
     */
    public Optional<FinishReason> finishReason() {
        return finishReason;
    }

    /**
     * vLLM: what stopped generation: the matched stop string, a stop token id (a number), or null for the end of the text or the length limit.
     *
     * @return a copy of {@code stop_reason}; empty when absent or null
     */
    public Optional<JsonNode> stopReason() {
        return stopReason.map(JsonNode::deepCopy);
    }

    /**
     * The setters the builders of every choice share.
     *
     * @param <M> the choice built
     * @param <B> the builder itself
     */
    public abstract static class Builder<M extends Choice, B extends Builder<M, B>> extends JsonModel.Builder<M, B> {

        Builder(ObjectNode start, Set<String> knownFields) {
            super(start, knownFields);
        }

        /**
         * Sets {@code index}.
         *
         * @param value {@code index}; null writes JSON {@code null}
         * @return this builder
         */
        public final B index(Integer value) {
            return set("index", value);
        }

        /**
         * Sets {@code logprobs}. The value is copied.
         *
         * @param value {@code logprobs}; null writes JSON {@code null}
         * @return this builder
         */
        public final B logprobs(JsonNode value) {
            return set("logprobs", value);
        }

        /**
         * Sets {@code finish_reason}.
         *
         * @param value {@code finish_reason}; null writes JSON {@code null}
         * @return this builder
         */
        public final B finishReason(FinishReason value) {
            return set("finish_reason", (OpenEnum) value);
        }

        /**
         * Sets {@code stop_reason}. The value is copied.
         *
         * @param value {@code stop_reason}; null writes JSON {@code null}
         * @return this builder
         */
        public final B stopReason(JsonNode value) {
            return set("stop_reason", value);
        }
    }
}
