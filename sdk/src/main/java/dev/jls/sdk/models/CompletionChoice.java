package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * One choice of a text completion, or of a streamed {@code text_completion} chunk.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class CompletionChoice extends JsonModel {

    static final Set<String> FIELDS = Set.of("index", "text", "logprobs", "finish_reason", "stop_reason");

    private final int index;
    private final String text;
    private final Optional<JsonNode> logprobs;
    private final Optional<FinishReason> finishReason;
    private final Optional<JsonNode> stopReason;


    CompletionChoice(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "CompletionChoice");
        this.index = r.optInt("index").orElse(0);
        this.text = r.optText("text").orElse("");
        this.logprobs = r.optNode("logprobs");
        this.finishReason = r.optText("finish_reason").map(FinishReason::of);
        this.stopReason = r.optNode("stop_reason");
    }

    /**
     * Reads a CompletionChoice from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static CompletionChoice fromJson(JsonNode json) {
        return new CompletionChoice(FieldReader.requireObject(json, "CompletionChoice").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CompletionChoice jsonCreator(JsonNode json) {
        return new CompletionChoice(FieldReader.requireObject(json, "CompletionChoice"));
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
     * The choice's position, from 0.
     *
     * @return {@code index}; 0 when absent or null
     */
    public int index() {
        return index;
    }

    /**
     * The generated text (in a chunk, the piece it adds).
     *
     * @return {@code text}; empty string when absent or null
     */
    public String text() {
        return text;
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

    /** Builds a {@link CompletionChoice}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<CompletionChoice, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code index}.
         *
         * @param value {@code index}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder index(Integer value) {
            return set("index", value);
        }

        /**
         * Sets {@code text}.
         *
         * @param value {@code text}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder text(String value) {
            return set("text", value);
        }

        /**
         * Sets {@code logprobs}. The value is copied.
         *
         * @param value {@code logprobs}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder logprobs(JsonNode value) {
            return set("logprobs", value);
        }

        /**
         * Sets {@code finish_reason}.
         *
         * @param value {@code finish_reason}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder finishReason(FinishReason value) {
            return set("finish_reason", (OpenEnum) value);
        }

        /**
         * Sets {@code stop_reason}. The value is copied.
         *
         * @param value {@code stop_reason}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder stopReason(JsonNode value) {
            return set("stop_reason", value);
        }

        @Override
        public CompletionChoice build() {
            return new CompletionChoice(snapshot());
        }
    }
}
