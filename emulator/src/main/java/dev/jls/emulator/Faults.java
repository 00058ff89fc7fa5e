package dev.jls.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The faults in force for a deployment or for one worker (see {@link EmulatorFaults}). Immutable; an
 * absent part is no fault. A worker suffers its deployment's faults with its own on top.
 *
 * @param crashAfterTokens present: the worker's process exits abruptly (status 1) during its next
 *     request, once that request has produced this many tokens ({@code 0}: before it answers anything)
 * @param hang whether requests are accepted and never answered
 * @param slow the pace of answers, when set
 * @param errorRate the share of requests answered {@code 500}, chosen by a seed, when set
 * @param failNextStarts how many of the deployment's next worker starts fail, and with what message,
 *     when set; it counts down as starts fail and is gone at zero
 * @param coldStart how long workers started from now on take before they listen, when set
 */
public record Faults(
        OptionalInt crashAfterTokens,
        boolean hang,
        Optional<Slow> slow,
        Optional<ErrorRate> errorRate,
        Optional<FailStarts> failNextStarts,
        Optional<Duration> coldStart) {

    /** No fault at all. */
    public static final Faults NONE = new Faults(
            OptionalInt.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The message of a start failure when none is given. */
    public static final String DEFAULT_START_FAILURE = "injected start failure";

    /**
     * @param timeToFirstToken time from a request's start to its first token
     * @param tokensPerSecond tokens per second after the first; {@code 0} means as fast as possible
     */
    public record Slow(Duration timeToFirstToken, double tokensPerSecond) {
        public Slow {
            Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
            if (timeToFirstToken.isNegative()) {
                throw new IllegalArgumentException("timeToFirstToken must not be negative, was " + timeToFirstToken);
            }
            if (!(tokensPerSecond >= 0) || Double.isInfinite(tokensPerSecond)) {
                throw new IllegalArgumentException(
                        "tokensPerSecond must be a finite number >= 0, was " + tokensPerSecond);
            }
        }
    }

    /**
     * @param rate the share of requests that fail, {@code 0} to {@code 1}
     * @param seed chooses which: the same seed fails the same requests, counted from when it was set
     */
    public record ErrorRate(double rate, long seed) {
        public ErrorRate {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
            }
        }
    }

    /**
     * @param count how many starts are still to fail, at least 1
     * @param message what the failing worker reports
     */
    public record FailStarts(int count, String message) {
        public FailStarts {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, was " + count);
            }
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("message must not be blank");
            }
        }
    }

    public Faults {
        Objects.requireNonNull(crashAfterTokens, "crashAfterTokens");
        Objects.requireNonNull(slow, "slow");
        Objects.requireNonNull(errorRate, "errorRate");
        Objects.requireNonNull(failNextStarts, "failNextStarts");
        Objects.requireNonNull(coldStart, "coldStart");
        if (crashAfterTokens.isPresent() && crashAfterTokens.getAsInt() < 0) {
            throw new IllegalArgumentException(
                    "crashAfterTokens must not be negative, was " + crashAfterTokens.getAsInt());
        }
        if (coldStart.isPresent() && coldStart.get().isNegative()) {
            throw new IllegalArgumentException("coldStart must not be negative, was " + coldStart.get());
        }
    }

    /** Whether there is no fault at all. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** These faults with a crash after {@code tokens} tokens of the next request. */
    public Faults withCrash(int tokens) {
        return new Faults(OptionalInt.of(tokens), hang, slow, errorRate, failNextStarts, coldStart);
    }

    /** These faults with requests hanging or not. */
    public Faults withHang(boolean hang) {
        return new Faults(crashAfterTokens, hang, slow, errorRate, failNextStarts, coldStart);
    }

    /** These faults with answers at this pace. */
    public Faults withSlow(Slow slow) {
        return new Faults(crashAfterTokens, hang, Optional.of(slow), errorRate, failNextStarts, coldStart);
    }

    /** These faults with this error rate. */
    public Faults withErrorRate(ErrorRate errorRate) {
        return new Faults(crashAfterTokens, hang, slow, Optional.of(errorRate), failNextStarts, coldStart);
    }

    /** These faults with the next starts failing; {@code null} for none. */
    public Faults withFailNextStarts(FailStarts failStarts) {
        return new Faults(crashAfterTokens, hang, slow, errorRate, Optional.ofNullable(failStarts), coldStart);
    }

    /** These faults with this cold start. */
    public Faults withColdStart(Duration coldStart) {
        return new Faults(crashAfterTokens, hang, slow, errorRate, failNextStarts, Optional.of(coldStart));
    }

    /** These faults with {@code top}'s set parts in place of these (the faults a worker suffers). */
    public Faults overlaidWith(Faults top) {
        return new Faults(
                top.crashAfterTokens.isPresent() ? top.crashAfterTokens : crashAfterTokens,
                hang || top.hang,
                top.slow.or(() -> slow),
                top.errorRate.or(() -> errorRate),
                top.failNextStarts.or(() -> failNextStarts),
                top.coldStart.or(() -> coldStart));
    }
}
