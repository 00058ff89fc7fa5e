package dev.jls.emulator.internal.core;

/**
 * Told of every change the {@link Cluster} makes, on its event loop, in the order they happen: the
 * hook for metrics, log following and, later, persistence. Implementations must be quick and must not
 * call back into the cluster.
 */
public interface ClusterListener {

    default void requestChanged(String deploymentId, String requestId, RequestState state) {}

    default void deploymentChanged(String deploymentId, DeploymentStatus status) {}

    /** A deleted deployment is gone: it has no worker left and its id answers 404 from now on. */
    default void deploymentRemoved(String deploymentId) {}

    /** A worker process started; its logs can be followed from now on. */
    default void workerLaunched(String deploymentId, long workerId, WorkerHandle handle) {}

    /** A worker is gone: stopped, crashed, or never started. */
    default void workerGone(String deploymentId, long workerId) {}
}
