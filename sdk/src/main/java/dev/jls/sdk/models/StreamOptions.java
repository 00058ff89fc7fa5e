package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * A streaming request's {@code stream_options}. With the object present, vLLM sends a last chunk
 * with empty {@code choices} and the {@code usage}: {@code include_usage} defaults to true there.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class StreamOptions extends JsonModel {

    static final Set<String> FIELDS = Set.of("include_usage", "continuous_usage_stats");

    private final Optional<Boolean> includeUsage;
    private final Optional<Boolean> continuousUsageStats;

    StreamOptions(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "StreamOptions");
        this.includeUsage = r.optBoolean("include_usage");
        this.continuousUsageStats = r.optBoolean("continuous_usage_stats");
    }

    /**
     * Reads a StreamOptions from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static StreamOptions fromJson(JsonNode json) {
        return new StreamOptions(
                FieldReader.requireObject(json, "StreamOptions").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static StreamOptions jsonCreator(JsonNode json) {
        return new StreamOptions(FieldReader.requireObject(json, "StreamOptions"));
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
     * @return {@code {"include_usage": true}}
     */
    public static StreamOptions withUsage() {
        return builder().includeUsage(true).build();
    }

    /**
     * Whether a last chunk carries {@code usage}; the server's default is true once the object is sent.
     *
     * @return {@code include_usage}; empty when absent or null
     */
    public Optional<Boolean> includeUsage() {
        return includeUsage;
    }

    /**
     * vLLM: whether every chunk carries {@code usage}; the server's default is false.
     *
     * @return {@code continuous_usage_stats}; empty when absent or null
     */
    public Optional<Boolean> continuousUsageStats() {
        return continuousUsageStats;
    }

    /** Builds a {@link StreamOptions}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<StreamOptions, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code include_usage}.
         *
         * @param value {@code include_usage}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder includeUsage(Boolean value) {
            return set("include_usage", value);
        }

        /**
         * Sets {@code continuous_usage_stats}.
         *
         * @param value {@code continuous_usage_stats}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder continuousUsageStats(Boolean value) {
            return set("continuous_usage_stats", value);
        }

        @Override
        public StreamOptions build() {
            return new StreamOptions(snapshot());
        }
    }
}
