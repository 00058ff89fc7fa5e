package dev.jls.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of {@link RequestService#submit}. Immutable.
 *
 * <p>By default no idempotency key is set, and the client generates a random UUID for each submit.
 * Give your own key to make a submit safe to repeat across restarts of your program: the server gives
 * back the same request id for the same key (same API key, same deployment) within its retention time.
 */
public final class SubmitOptions {

    private static final SubmitOptions DEFAULTS = new SubmitOptions(builder());

    private final String idempotencyKey;

    private SubmitOptions(Builder builder) {
        this.idempotencyKey = builder.idempotencyKey;
    }

    /** The defaults: a generated idempotency key. */
    public static SubmitOptions defaults() {
        return DEFAULTS;
    }

    /** Options with the given idempotency key. */
    public static SubmitOptions withIdempotencyKey(String key) {
        return builder().idempotencyKey(key).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.idempotencyKey = idempotencyKey;
        return builder;
    }

    /** The key sent as {@code Idempotency-Key}; empty means a generated UUID. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    @Override
    public String toString() {
        return "SubmitOptions{idempotencyKey=" + idempotencyKey + "}";
    }

    /** Builds {@link SubmitOptions}. */
    public static final class Builder {
        private String idempotencyKey;

        private Builder() {}

        /**
         * The {@code Idempotency-Key} to send; default none (a UUID is generated per submit).
         *
         * @throws IllegalArgumentException if blank or longer than 255 characters
         */
        public Builder idempotencyKey(String key) {
            Objects.requireNonNull(key, "idempotencyKey");
            if (key.isBlank() || key.length() > 255 || key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException(
                        "idempotencyKey: must be 1 to 255 printable ASCII characters, was '" + key + "'");
            }
            this.idempotencyKey = key;
            return this;
        }

        /** The options; the builder stays usable. */
        public SubmitOptions build() {
            return new SubmitOptions(this);
        }
    }
}
