package dev.jls.sdk;

import dev.jls.sdk.internal.Durations;
import dev.jls.sdk.models.DeploymentStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@link DeploymentService#awaitRunning} waits. Immutable.
 *
 * <p>Defaults: {@code timeout} 20 minutes (a model download can take that long), {@code pollInterval}
 * 2 s, {@code toleratedErrors} 3, no listener.
 */
public final class WaitOptions {

    private static final WaitOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final Duration pollInterval;
    private final int toleratedErrors;
    private final Consumer<DeploymentStatus> listener;

    private WaitOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.pollInterval = builder.pollInterval;
        this.toleratedErrors = builder.toleratedErrors;
        this.listener = builder.listener;
    }

    /** The defaults: 20 minutes, every 2 s, 3 tolerated errors in a row, no listener. */
    public static WaitOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder =
                new Builder().timeout(timeout).pollInterval(pollInterval).toleratedErrors(toleratedErrors);
        builder.listener = listener;
        return builder;
    }

    /** The longest the wait runs; default 20 minutes. */
    public Duration timeout() {
        return timeout;
    }

    /** The pause between status reads; default 2 s. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * How many status reads in a row may fail with a transient error before the wait gives up; default
     * 3. See {@link Builder#toleratedErrors}.
     */
    public int toleratedErrors() {
        return toleratedErrors;
    }

    /** Called with the first status read and then each time it changes; default none. */
    public Optional<Consumer<DeploymentStatus>> listener() {
        return Optional.ofNullable(listener);
    }

    @Override
    public String toString() {
        return "WaitOptions{timeout=" + timeout + ", pollInterval=" + pollInterval + ", toleratedErrors="
                + toleratedErrors + ", listener=" + (listener != null) + "}";
    }

    /** Builds {@link WaitOptions}. */
    public static final class Builder {
        private Duration timeout = Duration.ofMinutes(20);
        private Duration pollInterval = Duration.ofSeconds(2);
        private int toleratedErrors = 3;
        private Consumer<DeploymentStatus> listener;

        private Builder() {}

        /** The total time limit; positive; default 20 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** The pause between status reads; positive; default 2 s. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * How many status reads in a row may fail, each after the client's own retries, before the wait
         * gives up, {@code >= 0}; default 3. A failure counts when it is transient: the service could not be
         * reached or did not answer in time, or it answered {@code 408}, {@code 429} or {@code 5xx}. So does
         * a {@code 404} once the deployment's status has been read: the deployment is gone, and when that
         * lasts the wait fails with {@link dev.jls.sdk.errors.DeploymentGoneException} ({@code reason
         * unavailable}). The wait keeps polling at {@code pollInterval} meanwhile, within its
         * {@code timeout}; a read that succeeds starts the count again. Any other error ends the wait at once.
         * With 0, the first failure ends it.
         */
        public Builder toleratedErrors(int toleratedErrors) {
            if (toleratedErrors < 0) {
                throw new IllegalArgumentException("toleratedErrors: must be >= 0, was " + toleratedErrors);
            }
            this.toleratedErrors = toleratedErrors;
            return this;
        }

        /**
         * Called, on the waiting thread, with the first status read and with each change after it. An
         * exception it throws ends the wait and reaches the caller.
         */
        public Builder listener(Consumer<DeploymentStatus> listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The options; the builder stays usable. */
        public WaitOptions build() {
            return new WaitOptions(this);
        }
    }
}
