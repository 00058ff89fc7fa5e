package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A text completion ({@code "object": "text_completion"}); streamed completions send chunks of this
 * same shape.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Completion extends CompletionEnvelope {

    static final Set<String> FIELDS =
            Set.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint");

    private final List<CompletionChoice> choices;

    Completion(ObjectNode json) {
        super(json, FIELDS, "Completion", "text_completion");
        FieldReader r = new FieldReader(json, "Completion");
        this.choices = r.objects("choices", CompletionChoice::new);
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
     * The generated choices.
     *
     * @return {@code choices}; unmodifiable; empty when absent or null
     */
    public List<CompletionChoice> choices() {
        return choices;
    }

    /** Builds a {@link Completion}; not thread-safe. */
    public static final class Builder extends CompletionEnvelope.Builder<Completion, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
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

        @Override
        public Completion build() {
            return new Completion(snapshot());
        }
    }
}
