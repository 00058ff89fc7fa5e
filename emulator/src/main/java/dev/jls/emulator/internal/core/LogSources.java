package dev.jls.emulator.internal.core;

import java.util.List;
import java.util.Objects;

/**
 * What a deployment's log stream starts from: the deployment's status, which the stream names first,
 * and the processes of its running workers.
 *
 * @param status the deployment's status when the stream began
 * @param workers the running workers' processes, in the order they started
 */
public record LogSources(DeploymentStatus status, List<WorkerHandle> workers) {

    public LogSources {
        Objects.requireNonNull(status, "status");
        workers = List.copyOf(workers);
    }
}
