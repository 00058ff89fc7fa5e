package dev.jls.emulator.internal.core;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * What the {@link Cluster} and its collaborators share: the deployments and requests, the ports to the
 * world outside (workers, GPUs, engines, the store), the time, and the listeners. Owned by the event loop, like
 * everything it holds (except {@link #published}, which readers off the loop may read).
 */
final class ClusterState {

    /** A deployment's owner and spec, as published for readers off the loop. */
    record PublishedSpec(String tenant, DeploymentSpec spec) {}

    final CoreSettings settings;
    final WorkerLauncher launcher;
    final GpuAllocator gpus;
    final EngineClient engines;
    final Clock clock;
    final EventLoop loop;
    /** Runs process starts and stops, which block. */
    final Executor blocking;
    /** Where what must outlive the process is kept. */
    final ClusterStore store;
    /** What changed in this turn of the loop, for the store. */
    final Journal journal;

    final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

    final Map<String, Deployment> deployments = new LinkedHashMap<>();
    /**
     * Each deployment's tenant and spec, readable from any thread: a read model the loop keeps up to
     * date, so that routes which only need the spec do not wait for the loop.
     */
    final Map<String, PublishedSpec> published = new ConcurrentHashMap<>();

    final Map<String, Request> requests = new HashMap<>();
    /** Deployments touched since they were last reconciled. */
    final Set<Deployment> dirty = new LinkedHashSet<>();
    /** Each tenant's counters and latencies: a tenant's metrics show only its own. */
    private final Map<String, TenantFigures> figures = new HashMap<>();

    long nextWorkerId = 1;
    boolean shutDown;

    ClusterState(
            CoreSettings settings,
            WorkerLauncher launcher,
            GpuAllocator gpus,
            EngineClient engines,
            Clock clock,
            EventLoop loop,
            Executor blocking,
            ClusterStore store) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.gpus = Objects.requireNonNull(gpus, "gpus");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.store = Objects.requireNonNull(store, "store");
        this.journal = new Journal(store, nextWorkerId);
    }

    /** {@code d} changed: it is reconciled before the command ends. */
    void touch(Deployment d) {
        dirty.add(d);
    }

    void touchAll() {
        dirty.addAll(deployments.values());
    }

    TenantFigures figures(String tenant) {
        return figures.computeIfAbsent(tenant, t -> new TenantFigures());
    }

    /** The figures of {@code tenant}, without keeping any for a tenant that has none. */
    TenantFigures figuresOrEmpty(String tenant) {
        return figures.getOrDefault(tenant, new TenantFigures());
    }

    void emitRequest(Request r) {
        journal.request(r);
        for (ClusterListener l : listeners) {
            l.requestChanged(r.deploymentId, r.id, r.state);
        }
    }

    void emitDeployment(Deployment d) {
        journal.deployment(d);
        for (ClusterListener l : listeners) {
            l.deploymentChanged(d.id, d.status);
        }
    }
}
