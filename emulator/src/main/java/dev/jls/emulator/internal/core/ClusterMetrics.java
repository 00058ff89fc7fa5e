package dev.jls.emulator.internal.core;

import java.util.List;
import java.util.Map;

/**
 * The numbers {@code /metrics} shows one tenant, taken at one moment.
 *
 * @param requestsReached how many of the tenant's requests ever reached each state
 * @param deployments per deployment of the tenant: its lines and workers
 * @param requestDuration from acceptance to the end, of requests that completed
 * @param queueWait from acceptance to the first worker, of requests that reached one
 * @param gpus every GPU and its holder, whichever tenant's
 */
public record ClusterMetrics(
        Map<RequestState, Long> requestsReached,
        List<DeploymentGauges> deployments,
        LatencyHistogram requestDuration,
        LatencyHistogram queueWait,
        List<GpuAllocator.GpuHolding> gpus) {

    /** One deployment's current numbers. */
    public record DeploymentGauges(
            String deploymentId,
            DeploymentStatus status,
            int queued,
            int fetched,
            int processing,
            int healthyWorkers,
            int provisioningWorkers) {}
}
