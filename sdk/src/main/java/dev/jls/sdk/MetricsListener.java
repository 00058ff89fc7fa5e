package dev.jls.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Receives the figures of every HTTP call: each attempt, each retry and the whole call, with
 * low-cardinality names fit for tags (the operation, an outcome), so that a Micrometer {@code Timer}
 * or an OpenTelemetry histogram can be fed from it. Set with {@link JlsClient.Builder#metricsListener};
 * default none.
 *
 * <p>Every method has an empty default: implement the ones you need. They are called on the thread
 * that makes the call (the caller's, or an SDK thread for asynchronous calls) and should be quick; an
 * exception they throw is ignored. A call that waits (an await, a wait for a deployment) is many calls,
 * each reported; a stream's call ends when its answer's headers arrived.
 */
public interface MetricsListener {

    /** One attempt ended: with an answer (any status) or a failure. */
    default void onAttempt(Attempt attempt) {}

    /** A failed attempt will be retried after a pause. */
    default void onRetry(Retry retry) {}

    /** A call ended, after all its attempts: the figure to time calls by. */
    default void onCall(Call call) {}

    /**
     * One attempt.
     *
     * @param operation the call, e.g. {@code requests.fetch}
     * @param number the attempt, from 1
     * @param statusCode the answer's status; empty when it failed without one
     * @param error the failure's exception class (simple name), when it failed without an answer
     * @param duration how long it took
     */
    record Attempt(String operation, int number, OptionalInt statusCode, Optional<String> error, Duration duration) {

        /** The status code as text, else the failure's exception class: a tag value. */
        public String outcome() {
            return statusCode.isPresent() ? Integer.toString(statusCode.getAsInt()) : error.orElse("unknown");
        }
    }

    /**
     * A retry about to happen.
     *
     * @param operation the call
     * @param number the retry, from 1
     * @param pause the wait before it
     * @param reason the status code of the answer that failed, else its exception class
     */
    record Retry(String operation, int number, Duration pause, String reason) {}

    /**
     * A whole call.
     *
     * @param operation the call, e.g. {@code deployments.create}
     * @param attempts how many attempts it made
     * @param statusCode the last answer's status; empty when the last attempt got none
     * @param error the exception class the call ended with (simple name), if it failed
     * @param duration from the first attempt to the end, pauses included
     */
    record Call(String operation, int attempts, OptionalInt statusCode, Optional<String> error, Duration duration) {

        /** {@code success}, else the status code, else the exception class: a tag value. */
        public String outcome() {
            if (error.isEmpty()) {
                return "success";
            }
            return statusCode.isPresent() ? Integer.toString(statusCode.getAsInt()) : error.get();
        }
    }
}
