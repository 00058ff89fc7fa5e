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
    /** What hang detection reads: real time when {@link #clock} is virtual (see {@link VirtualClock}). */
    final Clock livenessClock;

    final EventLoop loop;
    /** Runs process starts and stops, which block. */
    final Executor blocking;
    /** Where what must outlive the process is kept. */
    final ClusterStore store;
    /** What changed in this turn of the loop, for the store. */
    final Journal journal;

    final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    /** Every change, recorded as it happens, for tests and the events stream. */
    final EventLog events = new EventLog(EventLog.DEFAULT_CAPACITY);

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
        this.livenessClock = VirtualClock.livenessClock(clock);
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

    /** Forgets every tenant's counters and latencies: they count again from zero. */
    void forgetFigures() {
        figures.clear();
    }

    void emitRequest(Request r) {
        journal.request(r);
        if (r.failure != null && r.state == RequestState.FAILED) {
            Map<String, String> failed = new LinkedHashMap<>();
            failed.put("failure", r.failure.type().wire());
            r.failure.code().ifPresent(c -> failed.put("code", Integer.toString(c)));
            if (r.worker != null) {
                failed.put("worker", Long.toString(r.worker.id));
            }
            events.append(
                    clock.instant(),
                    r.tenant,
                    ClusterEvent.Kind.REQUEST,
                    r.deploymentId,
                    r.id,
                    0,
                    r.state.wire(),
                    r.failure.message(),
                    failed);
        } else {
            // every state change of every request comes here: the usual ones are kept without a map
            events.appendRequest(
                    clock.instant(),
                    r.tenant,
                    r.deploymentId,
                    r.id,
                    r.worker == null ? 0 : r.worker.id,
                    r.state.wire());
        }
        for (ClusterListener l : listeners) {
            l.requestChanged(r.deploymentId, r.id, r.state);
        }
    }

    void emitDeployment(Deployment d) {
        journal.deployment(d);
        // a removed deployment (its end time set) is told once more, as deleted
        String step = d.endTime != null ? "deleted" : d.status.wire();
        events.append(
                clock.instant(),
                d.tenant,
                ClusterEvent.Kind.DEPLOYMENT,
                d.id,
                null,
                0,
                step,
                d.status == DeploymentStatus.FAILED ? d.errorMessage : "",
                Map.of());
        for (ClusterListener l : listeners) {
            l.deploymentChanged(d.id, d.status);
        }
    }

    /** Records a step in the life of worker {@code w}, with its process and GPUs where it has them. */
    void workerEvent(Worker w, String step, String message) {
        Map<String, String> details = new LinkedHashMap<>();
        if (w.handle != null) {
            if (w.handle.pid() > 0) {
                details.put("pid", Long.toString(w.handle.pid()));
            } else {
                details.put("runs_as", w.handle.runsAs());
            }
            if (!w.handle.address().host().equals(EngineAddress.LOCAL_HOST)) {
                details.put("host", w.handle.address().host());
            }
            details.put("port", Integer.toString(w.handle.port()));
        }
        if (!w.gpus.isEmpty()) {
            details.put("gpus", gpuList(w));
        }
        Deployment d = w.deployment;
        events.append(clock.instant(), d.tenant, ClusterEvent.Kind.WORKER, d.id, null, w.id, step, message, details);
    }

    /** Records that worker {@code w} got ({@code allocated}) or gave back ({@code released}) its GPUs. */
    void gpuEvent(Worker w, String step) {
        Deployment d = w.deployment;
        String gpus = gpuList(w);
        events.append(
                clock.instant(),
                d.tenant,
                ClusterEvent.Kind.GPU,
                d.id,
                null,
                w.id,
                step,
                "GPUs " + gpus + " " + step + " for worker " + w.id,
                Map.of("gpus", gpus));
    }

    /** Records a decision of the scaler ({@code scale_up} or {@code scale_down}) and its reason. */
    void scalingEvent(Deployment d, String decision, long workerId, String reason) {
        events.append(
                clock.instant(), d.tenant, ClusterEvent.Kind.SCALING, d.id, null, workerId, decision, reason, Map.of());
    }

    private static String gpuList(Worker w) {
        StringBuilder sb = new StringBuilder();
        for (Gpu g : w.gpus) {
            sb.append(sb.length() == 0 ? "" : ",").append(g.index());
        }
        return sb.toString();
    }
}
