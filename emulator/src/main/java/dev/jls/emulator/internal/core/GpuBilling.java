package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a deployment's GPU time costs, as the hosted service bills it: each worker's GPUs from the
 * moment it gets them (it starts provisioning) until they are free again (its process is gone), at the
 * price per GPU-hour of their type. A deployment's cost is what its stopped workers cost, kept with it
 * (and in the store), plus what its running workers have cost so far.
 */
final class GpuBilling {

    /**
     * How often a running worker's cost so far is added to its deployment's kept cost, so that a crash
     * loses at most this much of it.
     */
    static final Duration CHECKPOINT = Duration.ofMinutes(1);

    private static final double NANOS_PER_HOUR = 3_600_000_000_000.0;

    private final ClusterState state;

    GpuBilling(ClusterState state) {
        this.state = state;
    }

    /** {@code w} got its GPUs: from now on they cost. */
    void start(Worker w) {
        DeploymentSpec spec = w.deployment.spec;
        w.billedSince = state.clock.instant();
        w.pricePerHour = state.settings.gpuPrices().perGpuHour(pricedType(w, spec)) * w.gpus.size();
    }

    /** {@code w}'s GPUs are free again (or the emulator stops): what they cost goes to its deployment. */
    void stop(Worker w) {
        if (w.billedSince == null) {
            return;
        }
        settle(w, state.clock.instant());
        w.billedSince = null;
    }

    /** The deployment's cost so far, running workers included. */
    double cost(Deployment d, Instant now) {
        double cost = d.keptCost;
        for (Worker w : d.workers) {
            if (w.billedSince != null) {
                cost += accrued(w, now);
            }
        }
        return cost;
    }

    /** Adds to the deployment's kept cost what each of its running workers has cost since a while. */
    void checkpoint(Deployment d, Instant now) {
        for (Worker w : d.workers) {
            if (w.billedSince != null && !w.billedSince.plus(CHECKPOINT).isAfter(now)) {
                settle(w, now);
                w.billedSince = now;
            }
        }
    }

    private void settle(Worker w, Instant now) {
        double accrued = accrued(w, now);
        if (accrued > 0) {
            w.deployment.keptCost += accrued;
            state.journal.deployment(w.deployment);
        }
    }

    private static double accrued(Worker w, Instant now) {
        long nanos = Duration.between(w.billedSince, now).toNanos();
        return nanos <= 0 ? 0 : w.pricePerHour * (nanos / NANOS_PER_HOUR);
    }

    /**
     * The type a worker's GPUs are billed as: their own, or for simulated GPUs that stand in for any
     * type, the deployment's first requested type (the one they were granted as); none when the
     * deployment names no type.
     */
    private static Optional<String> pricedType(Worker w, DeploymentSpec spec) {
        if (w.gpus.isEmpty()) {
            return Optional.empty();
        }
        Gpu gpu = w.gpus.get(0);
        if (!Gpu.ANY_TYPE.equals(gpu.type())) {
            return Optional.of(gpu.type());
        }
        return spec.gpuTypes().stream().filter(gpu::matches).findFirst();
    }
}
