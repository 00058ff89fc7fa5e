package dev.jls.sdk;

import dev.jls.sdk.internal.Durations;
import java.time.Duration;

/**
 * How {@link RequestService#await} waits for a request to end. Immutable.
 *
 * <p>The SDK fetches the request, then waits {@code initialInterval} and doubles the wait after every
 * answer that is still pending, up to {@code maxInterval}, until {@code timeout} has passed since the
 * await began. Each fetch asks the server to hold its answer up to {@code longPoll} ({@code ?wait=N}) so
 * that a server that supports it answers as soon as the request ends; a server that ignores it answers
 * at once and the backoff applies.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>timeout</td><td>10 minutes</td></tr>
 *   <tr><td>initialInterval</td><td>100 ms</td></tr>
 *   <tr><td>maxInterval</td><td>5 s</td></tr>
 *   <tr><td>longPoll</td><td>20 s ({@link Duration#ZERO} turns it off; at most 60 s)</td></tr>
 * </table>
 */
public final class AwaitOptions {

    /** The longest long-poll the API accepts. */
    public static final Duration MAX_LONG_POLL = Duration.ofSeconds(60);

    private static final AwaitOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final Duration initialInterval;
    private final Duration maxInterval;
    private final Duration longPoll;

    private AwaitOptions(Builder builder) {
        if (builder.maxInterval.compareTo(builder.initialInterval) < 0) {
            throw new IllegalArgumentException("maxInterval: must be >= initialInterval (" + builder.initialInterval
                    + "), was " + builder.maxInterval);
        }
        this.timeout = builder.timeout;
        this.initialInterval = builder.initialInterval;
        this.maxInterval = builder.maxInterval;
        this.longPoll = builder.longPoll;
    }

    /** The defaults listed above. */
    public static AwaitOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .timeout(timeout)
                .initialInterval(initialInterval)
                .maxInterval(maxInterval)
                .longPoll(longPoll);
    }

    /** The longest the await runs in total; default 10 minutes. */
    public Duration timeout() {
        return timeout;
    }

    /** The first pause between fetches; default 100 ms. */
    public Duration initialInterval() {
        return initialInterval;
    }

    /** The longest pause between fetches; default 5 s. */
    public Duration maxInterval() {
        return maxInterval;
    }

    /** How long each fetch asks the server to hold its answer; default 20 s, zero for none. */
    public Duration longPoll() {
        return longPoll;
    }

    @Override
    public String toString() {
        return "AwaitOptions{timeout=" + timeout + ", initialInterval=" + initialInterval + ", maxInterval="
                + maxInterval + ", longPoll=" + longPoll + "}";
    }

    /** Builds {@link AwaitOptions}; every setter checks its argument and names it in the error. */
    public static final class Builder {
        private Duration timeout = Duration.ofMinutes(10);
        private Duration initialInterval = Duration.ofMillis(100);
        private Duration maxInterval = Duration.ofSeconds(5);
        private Duration longPoll = Duration.ofSeconds(20);

        private Builder() {}

        /** The total time limit; positive; default 10 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** The first pause; positive; default 100 ms. */
        public Builder initialInterval(Duration initialInterval) {
            this.initialInterval = Durations.positive("initialInterval", initialInterval);
            return this;
        }

        /** The cap on the pause; positive and at least {@code initialInterval}; default 5 s. */
        public Builder maxInterval(Duration maxInterval) {
            this.maxInterval = Durations.positive("maxInterval", maxInterval);
            return this;
        }

        /**
         * The long-poll wait sent as {@code ?wait=N} (whole seconds); zero turns it off; at most 60 s;
         * default 20 s.
         */
        public Builder longPoll(Duration longPoll) {
            Durations.notNegative("longPoll", longPoll);
            if (longPoll.compareTo(MAX_LONG_POLL) > 0) {
                throw new IllegalArgumentException("longPoll: must be at most 60 s, was " + longPoll);
            }
            this.longPoll = longPoll;
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code maxInterval} is below {@code initialInterval}
         */
        public AwaitOptions build() {
            return new AwaitOptions(this);
        }
    }
}
