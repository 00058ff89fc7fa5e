package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A deployment at one moment: what the management routes show. The spec's {@code env} is unmasked
 * here; the HTTP layer masks it. {@code totalCost} is what its GPU time has cost so far, in
 * {@code currency}.
 */
public record DeploymentView(
        String id,
        DeploymentSpec spec,
        DeploymentStatus status,
        Optional<String> errorMessage,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> startTime,
        Optional<Instant> endTime,
        List<WorkerView> workers,
        int queueDepth,
        int inFlight,
        double totalCost,
        String currency) {

    public DeploymentView {
        workers = List.copyOf(workers);
    }

    public long healthyWorkers() {
        return workers.stream().filter(WorkerView::healthy).count();
    }
}
