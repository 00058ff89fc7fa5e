package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** One worker of a deployment. Owned by the {@link Cluster}: touched on its event loop only. */
final class Worker implements Dispatch.Slots {

    enum Phase {
        /** Wants GPUs that are all taken. */
        WAITING_FOR_GPUS,
        /** Its process is being started, or started and not yet healthy. */
        STARTING,
        /** Takes requests. */
        HEALTHY,
        /** Being stopped (or crashed and being cleaned up); holds its GPUs until the process is gone. */
        STOPPING,
        GONE
    }

    final long id;
    final Deployment deployment;
    Phase phase = Phase.WAITING_FOR_GPUS;
    WorkerHandle handle;
    List<Gpu> gpus = List.of();
    int inFlight;
    final Set<Attempt> attempts = new LinkedHashSet<>();
    Instant lastUsed;
    /** Since when it has had nothing in flight. */
    Instant idleSince;
    /** Whether its engine reports model loading, and whether its model is loaded. */
    boolean reportsModelLoading;

    boolean modelLoaded;
    /** Pieces of streamed answers passed on; counted off the loop by its {@link Attempt}s. */
    final AtomicLong pieces = new AtomicLong();
    /** Whether it still answers while busy. */
    final WorkerWatch watch;
    /** Since when its GPUs cost (what they cost before is with its deployment); null when they do not. */
    Instant billedSince;
    /** What an hour of its GPUs costs. */
    double pricePerHour;

    Worker(long id, Deployment deployment, WorkerWatch watch) {
        this.id = id;
        this.deployment = deployment;
        this.watch = watch;
    }

    String holder() {
        return deployment.id + "/worker-" + id;
    }

    /** Counts toward the deployment's workers for scaling: not stopping, not gone. */
    boolean live() {
        return phase == Phase.WAITING_FOR_GPUS || phase == Phase.STARTING || phase == Phase.HEALTHY;
    }

    @Override
    public int inFlight() {
        return inFlight;
    }

    @Override
    public boolean acceptsRequest() {
        return phase == Phase.HEALTHY && inFlight < deployment.spec.concurrentRequests();
    }

    WorkerView view() {
        return new WorkerView(
                id,
                phase == Phase.HEALTHY,
                Optional.ofNullable(lastUsed),
                handle == null || handle.pid() <= 0 ? OptionalLong.empty() : OptionalLong.of(handle.pid()),
                handle == null ? OptionalInt.empty() : OptionalInt.of(handle.port()),
                gpus.stream().map(Gpu::index).toList(),
                inFlight,
                handle == null ? OptionalInt.empty() : handle.maxModelLen());
    }
}
