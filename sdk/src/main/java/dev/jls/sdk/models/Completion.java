package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A text completion ({@code "object": "text_completion"}); streamed completions send chunks of this
 * same shape.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Completion extends JsonModel {

    static final Set<String> FIELDS = Set.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint");

    private final String id;
    private final String object;
    private final long created;
    private final String model;
    private final List<CompletionChoice> choices;
    private final Optional<Usage> usage;
    private final Optional<String> systemFingerprint;


    Completion(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Completion");
        this.id = r.text("id");
        this.object = r.optText("object").orElse("text_completion");
        this.created = r.longValue("created");
        this.model = r.text("model");
        this.choices = r.objects("choices", CompletionChoice::new);
        this.usage = r.optObject("usage", Usage::new);
        this.systemFingerprint = r.optText("system_fingerprint");
    }

    /**
     * Reads a Completion from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Completion fromJson(JsonNode json) {
        return new Completion(FieldReader.requireObject(json, "Completion").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Completion jsonCreator(JsonNode json) {
        return new Completion(FieldReader.requireObject(json, "Completion"));
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
     * The completion's id, e.g. {@code chatcmpl-…}.
     *
     * @return {@code id}; never null (required)
     */
    public String id() {
        return id;
    }

    /**
     * The object type, {@code text_completion}.
     *
     * @return {@code object}; {@code "text_completion"} when absent or null
     */
    public String object() {
        return object;
    }

    /**
     * When it was created, in Unix seconds.
     *
     * @return {@code created}; required
     */
    public long created() {
        return created;
    }

    /**
     * The model that answered (its served name).
     *
     * @return {@code model}; never null (required)
     */
    public String model() {
        return model;
    }

    /**
     * The generated choices.
     *
     * @return {@code choices}; unmodifiable; empty when absent or null
     */
    public List<CompletionChoice> choices() {
        return choices;
    }

    /**
     * Token counts.
     *
     * @return {@code usage}; empty when absent or null
     */
    public Optional<Usage> usage() {
        return usage;
    }

    /**
     * The backend configuration's fingerprint, when the server sends one.
     *
     * @return {@code system_fingerprint}; empty when absent or null
     */
    public Optional<String> systemFingerprint() {
        return systemFingerprint;
    }

    /** Builds a {@link Completion}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Completion, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code id}.
         *
         * @param value {@code id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder id(String value) {
            return set("id", value);
        }

        /**
         * Sets {@code object}.
         *
         * @param value {@code object}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder object(String value) {
            return set("object", value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder created(long value) {
            return set("created", (Long) value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder created(Long value) {
            return set("created", value);
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
         * Sets {@code choices}. Replaces the list.
         *
         * @param value {@code choices}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder choices(List<CompletionChoice> value) {
            return setModels("choices", value);
        }

        /**
         * Appends one entry to {@code choices}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addChoice(CompletionChoice value) {
            return addModel("choices", Objects.requireNonNull(value, "choice"));
        }

        /**
         * Sets {@code usage}.
         *
         * @param value {@code usage}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder usage(Usage value) {
            return set("usage", (JsonModel) value);
        }

        /**
         * Sets {@code system_fingerprint}.
         *
         * @param value {@code system_fingerprint}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder systemFingerprint(String value) {
            return set("system_fingerprint", value);
        }

        @Override
        public Completion build() {
            return new Completion(snapshot());
        }
    }
}
