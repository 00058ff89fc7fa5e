package dev.jls.cli.request;

import dev.jls.cli.InterruptNotice;
import dev.jls.cli.Output;
import dev.jls.cli.Progress;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import java.time.Duration;

/**
 * Follows a submitted request to its end, printing each state it passes through (Queued, Fetched,
 * Processing, ...) with the time since the watch began. Polls quickly at first, since most requests
 * finish within seconds, then more slowly.
 */
public final class RequestWatcher {

    private static final Duration FIRST_INTERVAL = Duration.ofMillis(25);
    private static final Duration MAX_INTERVAL = Duration.ofMillis(500);

    private RequestWatcher() {}

    /**
     * Returns the completed result.
     *
     * @throws RequestFailedException when the request failed
     * @throws RequestCancelledException when it was cancelled
     * @throws AwaitTimeoutException when {@code timeout} passes first
     */
    @SuppressWarnings("try") // the notice is armed for the wait's scope
    public static RequestResult.Completed await(
            JlsClient client, Output output, String deploymentId, String requestId, Duration timeout)
            throws InterruptedException {
        String hint = "Stopped waiting; request " + requestId + " carries on. Get its answer with:\n" + "  jls fetch "
                + deploymentId + " " + requestId + "\n  jls wait " + deploymentId + " " + requestId;
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = FIRST_INTERVAL.toNanos();
        RequestState last = null;
        try (Progress progress = new Progress(output, requestId);
                InterruptNotice notice = new InterruptNotice(output.err(), hint, progress)) {
            while (true) {
                RequestResult result = client.requests().fetch(deploymentId, requestId);
                if (result instanceof RequestResult.Pending pending) {
                    last = pending.state();
                    progress.state(pending.state().asString());
                } else if (result instanceof RequestResult.Completed completed) {
                    progress.state(RequestState.COMPLETED.asString());
                    return completed;
                } else if (result instanceof RequestResult.Failed failed) {
                    progress.state(RequestState.FAILED.asString());
                    throw new RequestFailedException(requestId, failed.error());
                } else if (result instanceof RequestResult.Cancelled) {
                    progress.state(RequestState.CANCELLED.asString());
                    throw new RequestCancelledException(requestId);
                }
                if (System.nanoTime() > deadline) {
                    throw new AwaitTimeoutException(requestId, timeout, last);
                }
                Thread.sleep(Duration.ofNanos(interval).toMillis());
                interval = Math.min(MAX_INTERVAL.toNanos(), interval * 3 / 2);
            }
        }
    }
}
