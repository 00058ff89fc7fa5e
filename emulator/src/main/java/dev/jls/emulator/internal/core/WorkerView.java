package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One worker of a deployment, as the deployment record shows it.
 *
 * @param workerId the worker's id, counting up from 1 per emulator
 * @param healthy {@code healthy} when true, else {@code provisioning} (starting, or waiting for GPUs)
 * @param lastUsed when it last took a request
 * @param pid the engine process's id, once started; absent for a worker that is no local process (a pod)
 * @param port the engine's port, once started
 * @param gpus the indices of its GPUs, once allocated
 * @param inFlight requests it is working on
 * @param maxModelLen the context length its engine reported, once it did
 */
public record WorkerView(
        long workerId,
        boolean healthy,
        Optional<Instant> lastUsed,
        OptionalLong pid,
        OptionalInt port,
        List<Integer> gpus,
        int inFlight,
        OptionalInt maxModelLen) {

    public WorkerView {
        gpus = List.copyOf(gpus);
    }

    /** {@code healthy} or {@code provisioning}. */
    public String status() {
        return healthy ? "healthy" : "provisioning";
    }
}
