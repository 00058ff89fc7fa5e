package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat completion ({@code "object": "chat.completion"}), as the engine answers it.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ChatCompletion extends CompletionEnvelope {

    static final Set<String> FIELDS =
            Set.of("id", "object", "created", "model", "choices", "usage", "system_fingerprint");

    private final List<ChatChoice> choices;

    ChatCompletion(ObjectNode json) {
        super(json, FIELDS, "ChatCompletion", "chat.completion");
        FieldReader r = new FieldReader(json, "ChatCompletion");
        this.choices = r.objects("choices", ChatChoice::new);
    }

    /**
     * Reads a ChatCompletion from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ChatCompletion fromJson(JsonNode json) {
        return new ChatCompletion(
                FieldReader.requireObject(json, "ChatCompletion").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChatCompletion jsonCreator(JsonNode json) {
        return new ChatCompletion(FieldReader.requireObject(json, "ChatCompletion"));
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
     * The generated choices, {@code n} of them.
     *
     * @return {@code choices}; unmodifiable; empty when absent or null
     */
    public List<ChatChoice> choices() {
        return choices;
    }

    /**
     * @return the first choice's message content; empty when there is no choice or no text
     */
    public Optional<String> firstContent() {
        return choices.isEmpty() ? Optional.empty() : choices.get(0).message().content();
    }

    /** Builds a {@link ChatCompletion}; not thread-safe. */
    public static final class Builder extends CompletionEnvelope.Builder<ChatCompletion, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code choices}. Replaces the list.
         *
         * @param value {@code choices}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder choices(List<ChatChoice> value) {
            return setModels("choices", value);
        }

        /**
         * Appends one entry to {@code choices}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addChoice(ChatChoice value) {
            return addModel("choices", Objects.requireNonNull(value, "choice"));
        }

        @Override
        public ChatCompletion build() {
            return new ChatCompletion(snapshot());
        }
    }
}
