package dev.jls.sdk;

import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentUpdate;
import java.util.concurrent.CompletableFuture;

/**
 * {@link DeploymentService} without blocking, from {@code client.async().deployments()}: the same calls,
 * retries and errors, each answering a future. Thread-safe.
 *
 * <p>A future fails with the exception the blocking call throws (unwrapped: {@code join()} wraps it in
 * a {@link java.util.concurrent.CompletionException}, {@code get()} in an
 * {@link java.util.concurrent.ExecutionException}); a null or blank argument throws at once. Cancelling
 * a future cancels the HTTP call in flight (the connection is dropped) and any pending retry or poll; a
 * call the server already received may still take effect there.
 */
public interface DeploymentServiceAsync {

    /** A view of this service whose calls apply {@code options} over the client's settings. */
    DeploymentServiceAsync withOptions(RequestOptions options);

    /** A view of this service whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /** {@link DeploymentService#create}; the spec is checked first and a bad one fails the future. */
    CompletableFuture<String> create(DeploymentSpec spec);

    /** {@link DeploymentService#list}. */
    CompletableFuture<DeploymentList> list();

    /** {@link DeploymentService#retrieve}. */
    CompletableFuture<Deployment> retrieve(String deploymentId);

    /** {@link DeploymentService#retrieveStatus}. */
    CompletableFuture<DeploymentStatus> retrieveStatus(String deploymentId);

    /** {@link DeploymentService#update}. */
    CompletableFuture<Deployment> update(String deploymentId, DeploymentUpdate update);

    /** {@link DeploymentService#delete}; completes with null. */
    CompletableFuture<Void> delete(String deploymentId);

    /** {@link #awaitRunning(String, WaitOptions)} with {@link WaitOptions#defaults()}. */
    default CompletableFuture<Deployment> awaitRunning(String deploymentId) {
        return awaitRunning(deploymentId, WaitOptions.defaults());
    }

    /**
     * {@link DeploymentService#awaitRunning} without a thread held between polls: the pauses run on the
     * client's scheduler, the listener is called on an SDK thread. Cancelling the future stops the
     * polling; the deployment itself goes on.
     */
    CompletableFuture<Deployment> awaitRunning(String deploymentId, WaitOptions options);

    /** {@link #retrieveLogs(String, LogOptions)} with {@link LogOptions#defaults()}. */
    default AsyncStreamResponse<LogEvent> retrieveLogs(String deploymentId) {
        return retrieveLogs(deploymentId, LogOptions.defaults());
    }

    /**
     * {@link DeploymentService#retrieveLogs} pushed to a handler on an SDK thread; the call starts when a
     * handler subscribes, and {@code close()} ends it (a followed log ends no other way).
     */
    AsyncStreamResponse<LogEvent> retrieveLogs(String deploymentId, LogOptions options);

    /** {@link DeploymentService.WithRawResponse} as futures. Thread-safe. */
    interface WithRawResponse {

        /** {@link DeploymentServiceAsync#create}, raw. */
        CompletableFuture<RawResponse<String>> create(DeploymentSpec spec);

        /** {@link DeploymentServiceAsync#retrieve}, raw. */
        CompletableFuture<RawResponse<Deployment>> retrieve(String deploymentId);

        /** {@link DeploymentServiceAsync#retrieveStatus}, raw. */
        CompletableFuture<RawResponse<DeploymentStatus>> retrieveStatus(String deploymentId);
    }
}
