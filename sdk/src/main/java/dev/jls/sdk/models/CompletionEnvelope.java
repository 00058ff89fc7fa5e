package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * What every answer of an OpenAI-compatible engine carries around its choices: its id, object type,
 * creation time, model, token counts and fingerprint. {@link ChatCompletion},
 * {@link ChatCompletionChunk} and {@link Completion} add their own kind of choices.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public abstract class CompletionEnvelope extends JsonModel {

    private final String id;
    private final String object;
    private final long created;
    private final String model;
    private final Optional<Usage> usage;
    private final Optional<String> systemFingerprint;

    CompletionEnvelope(ObjectNode json, Set<String> knownFields, String type, String defaultObject) {
        super(json, knownFields);
        FieldReader r = new FieldReader(json, type);
        this.id = r.text("id");
        this.object = r.optText("object").orElse(defaultObject);
        this.created = r.longValue("created");
        this.model = r.text("model");
        this.usage = r.optObject("usage", Usage::new);
        this.systemFingerprint = r.optText("system_fingerprint");
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
     * The object type: {@code chat.completion}, {@code chat.completion.chunk} or {@code text_completion}.
     *
     * @return {@code object}; the type's own word when absent or null
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

    /**
     * The setters the builders of every answer share.
     *
     * @param <M> the answer built
     * @param <B> the builder itself
     */
    public abstract static class Builder<M extends CompletionEnvelope, B extends Builder<M, B>>
            extends JsonModel.Builder<M, B> {

        Builder(ObjectNode start, Set<String> knownFields) {
            super(start, knownFields);
        }

        /**
         * Sets {@code id}.
         *
         * @param value {@code id}; null writes JSON {@code null}
         * @return this builder
         */
        public final B id(String value) {
            return set("id", value);
        }

        /**
         * Sets {@code object}.
         *
         * @param value {@code object}; null writes JSON {@code null}
         * @return this builder
         */
        public final B object(String value) {
            return set("object", value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public final B created(long value) {
            return set("created", (Long) value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public final B created(Long value) {
            return set("created", value);
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
         * Sets {@code usage}.
         *
         * @param value {@code usage}; null writes JSON {@code null}
         * @return this builder
         */
        public final B usage(Usage value) {
            return set("usage", (JsonModel) value);
        }

        /**
         * Sets {@code system_fingerprint}.
         *
         * @param value {@code system_fingerprint}; null writes JSON {@code null}
         * @return this builder
         */
        public final B systemFingerprint(String value) {
            return set("system_fingerprint", value);
        }
    }
}
