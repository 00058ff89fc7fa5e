package dev.jls.sdk.internal;

import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The SDK's retry rules, all in one place.
 *
 * <ul>
 *   <li>What is retried: a <em>replayable</em> request (a {@code GET}/{@code HEAD}, or any request that
 *       carries an {@code Idempotency-Key}) after a connection failure, a timeout, or an answer of
 *       {@code 408}, {@code 429} or {@code 5xx}. Any other request (a {@code POST} without a key, a
 *       {@code PATCH}, a {@code DELETE}) only when it failed before a connection to the server existed,
 *       so the server cannot have seen it. A stream is never replayed once its answer began: the
 *       streaming code stops consulting this policy when the response headers arrive.</li>
 *   <li>How often: at most {@code maxRetries} times after the first attempt (the client's
 *       {@code maxRetries}, default 2).</li>
 *   <li>How long between attempts: exponential backoff, {@value #BASE_MILLIS} ms doubled per retry and
 *       capped at {@value #CAP_MILLIS} ms, minus a random jitter of up to 25% so that many clients do not
 *       retry in step. A {@code Retry-After} answer header (seconds, or an HTTP date) replaces the
 *       backoff; when it asks for more than {@value #MAX_RETRY_AFTER_SECONDS} s the request is not
 *       retried and the error goes to the caller, who can read the wait from it.</li>
 * </ul>
 */
public final class RetryPolicy {

    /** The first backoff, in milliseconds. */
    public static final long BASE_MILLIS = 500;
    /** The longest backoff, in milliseconds. */
    public static final long CAP_MILLIS = 8_000;
    /** The longest {@code Retry-After} honoured, in seconds. */
    public static final long MAX_RETRY_AFTER_SECONDS = 60;

    private final int maxRetries;
    private final Clock clock;
    private final DoubleSupplier random;

    /**
     * @param maxRetries retries after the first attempt, {@code >= 0}
     * @param clock      reads the time for {@code Retry-After} dates
     * @param random     values in {@code [0, 1)} for the jitter
     */
    public RetryPolicy(int maxRetries, Clock clock, DoubleSupplier random) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries: must be >= 0, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.clock = clock;
        this.random = random;
    }

    /** A policy with the thread-local random jitter. */
    public RetryPolicy(int maxRetries, Clock clock) {
        this(maxRetries, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** This policy with another retry count. */
    public RetryPolicy withMaxRetries(int retries) {
        return retries == maxRetries ? this : new RetryPolicy(retries, clock, random);
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Whether the request may be sent again after the server may have seen it. */
    public static boolean isReplayable(String method, boolean hasIdempotencyKey) {
        return hasIdempotencyKey || "GET".equals(method) || "HEAD".equals(method);
    }

    /** Whether an answer with this status code is worth another attempt of a replayable request. */
    public static boolean isRetryableStatus(int code) {
        return code == 408 || code == 429 || code >= 500 && code <= 599;
    }

    /**
     * Whether a call that failed so may well succeed if made again later: the server could not be
     * reached or did not answer in time ({@link JlsIoException}), or it answered {@code 408}, {@code 429}
     * or {@code 5xx}. What the SDK rides out above single calls (a region that does not answer a listing,
     * a status poll of {@code awaitRunning}) is decided here, by the same rule as a retry.
     */
    public static boolean isTransient(Throwable error) {
        return error instanceof JlsIoException
                || error instanceof JlsServiceException answer && isRetryableStatus(answer.statusCode());
    }

    /**
     * The pause before the next attempt after an answer, or empty when the answer is final.
     *
     * @param retriesDone retries already made (0 before the first retry)
     * @param replayable  {@link #isReplayable}
     * @param retryAfter  the answer's {@code Retry-After} header, or null
     */
    public Optional<Duration> afterResponse(int retriesDone, boolean replayable, int code, String retryAfter) {
        if (retriesDone >= maxRetries || !replayable || !isRetryableStatus(code)) {
            return Optional.empty();
        }
        Optional<Duration> asked = parseRetryAfter(retryAfter);
        if (asked.isPresent()) {
            return asked.get().getSeconds() > MAX_RETRY_AFTER_SECONDS ? Optional.empty() : asked;
        }
        return Optional.of(backoff(retriesDone));
    }

    /**
     * The pause before the next attempt after an I/O failure, or empty when the failure is final.
     *
     * @param retriesDone     retries already made
     * @param replayable      {@link #isReplayable}
     * @param reachedServer   whether a connection to the server existed when the attempt failed
     */
    public Optional<Duration> afterFailure(int retriesDone, boolean replayable, boolean reachedServer) {
        if (retriesDone >= maxRetries || (!replayable && reachedServer)) {
            return Optional.empty();
        }
        return Optional.of(backoff(retriesDone));
    }

    /** The jittered exponential backoff before retry number {@code retriesDone + 1}. */
    public Duration backoff(int retriesDone) {
        double full = Math.min((double) CAP_MILLIS, BASE_MILLIS * Math.pow(2, Math.min(retriesDone, 30)));
        double jitter = 1.0 - 0.25 * random.getAsDouble();
        return Duration.ofMillis(Math.round(full * jitter));
    }

    /**
     * Reads a {@code Retry-After} value: whole or fractional seconds, or an RFC 1123 date (a date in the
     * past means no wait). Empty when absent or unreadable.
     */
    public Optional<Duration> parseRetryAfter(String value) {
        return JlsServiceException.parseRetryAfter(value, clock.instant());
    }
}
