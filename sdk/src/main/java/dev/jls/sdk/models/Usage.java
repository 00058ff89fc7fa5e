package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * Token counts of a completion: {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens},
 * and vLLM's {@code prompt_tokens_details} (often null).
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Usage extends JsonModel {

    static final Set<String> FIELDS =
            Set.of("prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details");

    private final int promptTokens;
    private final int completionTokens;
    private final int totalTokens;
    private final Optional<JsonNode> promptTokensDetails;

    Usage(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Usage");
        this.promptTokens = r.optInt("prompt_tokens").orElse(0);
        this.completionTokens = r.optInt("completion_tokens").orElse(0);
        this.totalTokens = r.optInt("total_tokens").orElse(0);
        this.promptTokensDetails = r.optNode("prompt_tokens_details");
    }

    /**
     * Reads a Usage from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Usage fromJson(JsonNode json) {
        return new Usage(FieldReader.requireObject(json, "Usage").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Usage jsonCreator(JsonNode json) {
        return new Usage(FieldReader.requireObject(json, "Usage"));
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
     * Tokens in the prompt.
     *
     * @return {@code prompt_tokens}; 0 when absent or null
     */
    public int promptTokens() {
        return promptTokens;
    }

    /**
     * Tokens generated.
     *
     * @return {@code completion_tokens}; 0 when absent or null
     */
    public int completionTokens() {
        return completionTokens;
    }

    /**
     * Prompt plus generated tokens.
     *
     * @return {@code total_tokens}; 0 when absent or null
     */
    public int totalTokens() {
        return totalTokens;
    }

    /**
     * Details of the prompt tokens, e.g. {@code {"cached_tokens": 4}}; vLLM usually sends null.
     *
     * @return a copy of {@code prompt_tokens_details}; empty when absent or null
     */
    public Optional<JsonNode> promptTokensDetails() {
        return promptTokensDetails.map(JsonNode::deepCopy);
    }

    /** Builds a {@link Usage}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Usage, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code prompt_tokens}.
         *
         * @param value {@code prompt_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder promptTokens(Integer value) {
            return set("prompt_tokens", value);
        }

        /**
         * Sets {@code completion_tokens}.
         *
         * @param value {@code completion_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder completionTokens(Integer value) {
            return set("completion_tokens", value);
        }

        /**
         * Sets {@code total_tokens}.
         *
         * @param value {@code total_tokens}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder totalTokens(Integer value) {
            return set("total_tokens", value);
        }

        /**
         * Sets {@code prompt_tokens_details}. The value is copied.
         *
         * @param value {@code prompt_tokens_details}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder promptTokensDetails(JsonNode value) {
            return set("prompt_tokens_details", value);
        }

        @Override
        public Usage build() {
            return new Usage(snapshot());
        }
    }
}
