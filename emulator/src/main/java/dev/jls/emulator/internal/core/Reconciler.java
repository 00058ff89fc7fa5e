package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Brings each touched deployment to where its rules say it should be: waiting requests go to free
 * slots ({@link Dispatch}), the scaler starts or stops workers ({@link Scaler}), GPUs go to workers
 * that wait for them, requests move to {@code Fetched} while starting workers have slots for them,
 * and the deployment's status follows its workers. A deleted deployment drains, then is removed.
 */
final class Reconciler {

    private final ClusterState state;
    private final RequestEnds ends;
    private final WorkerSupervisor workers;
    private final Exchanges exchanges;

    Reconciler(ClusterState state, RequestEnds ends, WorkerSupervisor workers, Exchanges exchanges) {
        this.state = state;
        this.ends = ends;
        this.workers = workers;
        this.exchanges = exchanges;
    }

    /** Reconciles every touched deployment until nothing changes any more. */
    void settle() {
        int rounds = 0;
        while (!state.dirty.isEmpty()) {
            var it = state.dirty.iterator();
            Deployment d = it.next();
            it.remove();
            if (state.deployments.get(d.id) == d && !state.shutDown) {
                reconcile(d);
            }
            if (++rounds > 1_000_000) {
                throw new IllegalStateException("reconciling does not settle");
            }
        }
    }

    private void reconcile(Deployment d) {
        if (d.status == DeploymentStatus.FAILED) {
            return;
        }
        dispatch(d);
        if (d.status == DeploymentStatus.DELETING) {
            reconcileDeleting(d);
            return;
        }
        scale(d);
        allocateGpus(d);
        promote(d);
        if (!d.status.beforeRunning()) {
            return;
        }
        if (d.healthyWorkers() >= d.spec.minWorkers()) {
            d.status = DeploymentStatus.RUNNING;
            d.updatedAt = state.clock.instant();
            started(d);
            state.emitDeployment(d);
        } else if (loadingStatus(d) != d.status) {
            d.status = loadingStatus(d);
            d.updatedAt = state.clock.instant();
            state.emitDeployment(d);
        }
    }

    /** What a deployment not yet running shows: the furthest any starting worker has come loading. */
    private static DeploymentStatus loadingStatus(Deployment d) {
        DeploymentStatus status = DeploymentStatus.STARTING;
        for (Worker w : d.workers) {
            if (w.phase == Worker.Phase.STARTING && w.reportsModelLoading) {
                if (w.modelLoaded) {
                    return DeploymentStatus.MODEL_DOWNLOADED;
                }
                status = DeploymentStatus.DOWNLOADING_MODEL;
            }
        }
        return status;
    }

    /** Hands waiting requests to healthy workers with a free slot, the least busy first. */
    private void dispatch(Deployment d) {
        Request r;
        while ((r = d.nextWaiting()) != null) {
            Worker best = Dispatch.pick(d.workers);
            if (best == null) {
                return;
            }
            d.removeWaiting(r);
            exchanges.start(r, best);
        }
    }

    /** Moves requests from the line to {@code Fetched} while starting workers have slots for them. */
    private void promote(Deployment d) {
        int startingSlots = 0;
        for (Worker w : d.workers) {
            if (w.phase == Worker.Phase.WAITING_FOR_GPUS || w.phase == Worker.Phase.STARTING) {
                startingSlots += d.spec.concurrentRequests();
            }
        }
        while (!d.queued.isEmpty() && d.fetched.size() + d.retries.size() < startingSlots) {
            Request r = d.queued.pollFirst();
            ends.setState(r, RequestState.FETCHED);
            d.fetched.addLast(r);
        }
    }

    /**
     * Starts the workers the {@link Scaler}'s target asks for (unless a start backoff runs), drops
     * workers still waiting for GPUs when fewer are wanted, and stops workers idle for longer than
     * {@code idle_timeout} down to the scaler's floor.
     */
    private void scale(Deployment d) {
        DeploymentSpec spec = d.spec;
        int live = d.liveWorkers();
        int target = Scaler.target(d.demand(), spec.concurrentRequests(), spec.minWorkers(), spec.maxWorkers());
        Instant now = state.clock.instant();
        if (target > live && !now.isBefore(d.nextStartAt)) {
            state.scalingEvent(
                    d,
                    "scale_up",
                    0,
                    "scale up: " + d.waiting() + " waiting, " + d.dispatched + " on workers, " + plural(live, "worker")
                            + ", target " + target + " (concurrent_requests " + spec.concurrentRequests() + ", min "
                            + spec.minWorkers() + ", max " + spec.maxWorkers() + ")");
            for (int i = live; i < target; i++) {
                Worker w = new Worker(
                        state.nextWorkerId++,
                        d,
                        new WorkerWatch(state.settings.unresponsiveTimeout(), state.settings.probeInterval()));
                d.workers.add(w);
                state.workerEvent(w, "provisioning", "waiting for GPUs");
            }
            live = target;
        }
        // workers that never got GPUs are dropped first: they cost nothing to stop
        for (int i = d.workers.size() - 1; i >= 0 && live > target; i--) {
            Worker w = d.workers.get(i);
            if (w.phase == Worker.Phase.WAITING_FOR_GPUS) {
                d.workers.remove(i);
                w.phase = Worker.Phase.GONE;
                state.scalingEvent(
                        d,
                        "scale_down",
                        w.id,
                        "scale down: worker " + w.id + " is no longer needed before it got GPUs; target " + target);
                state.workerEvent(w, "stopped", "never got GPUs");
                live--;
            }
        }
        // above a lowered max_workers, workers with nothing in flight stop now, not after idle_timeout
        for (int i = d.workers.size() - 1; i >= 0 && live > spec.maxWorkers(); i--) {
            Worker w = d.workers.get(i);
            if ((w.phase == Worker.Phase.STARTING || w.phase == Worker.Phase.HEALTHY) && w.inFlight == 0) {
                state.scalingEvent(
                        d,
                        "scale_down",
                        w.id,
                        "scale down: " + plural(live, "worker") + " above max_workers " + spec.maxWorkers()
                                + "; worker " + w.id + " has nothing in flight");
                workers.stop(w);
                live--;
            }
        }
        Duration idle = Duration.ofSeconds(spec.idleTimeoutSeconds());
        int keep = Scaler.floor(target, spec.minWorkers());
        for (Worker w : List.copyOf(d.workers)) {
            if (live <= keep) {
                break;
            }
            if (w.phase == Worker.Phase.HEALTHY
                    && w.inFlight == 0
                    && !w.idleSince.plus(idle).isAfter(now)) {
                state.scalingEvent(
                        d,
                        "scale_down",
                        w.id,
                        "scale down: worker " + w.id + " idle for "
                                + Duration.between(w.idleSince, now).toSeconds() + " s (idle_timeout "
                                + spec.idleTimeoutSeconds() + " s), " + plural(live - 1, "worker") + " left, min "
                                + spec.minWorkers());
                workers.stop(w);
                live--;
            }
        }
    }

    private void allocateGpus(Deployment d) {
        for (Worker w : d.workers) {
            if (w.phase != Worker.Phase.WAITING_FOR_GPUS) {
                continue;
            }
            Optional<List<Gpu>> got = state.gpus.allocate(d.spec.gpuTypes(), d.spec.gpusPerWorker(), w.holder());
            if (got.isEmpty()) {
                return; // the rest would not get any either
            }
            w.gpus = got.get();
            w.phase = Worker.Phase.STARTING;
            state.gpuEvent(w, "allocated");
            state.workerEvent(w, "starting", "");
            if (started(d)) {
                state.journal.deployment(d);
            }
            workers.launch(w);
        }
    }

    /**
     * Sets the deployment's {@code start_time}, once: when its first worker gets GPUs (it starts
     * provisioning), or when it runs without one ({@code min_workers} 0), whichever comes first.
     * Returns whether it was set now.
     */
    private boolean started(Deployment d) {
        if (d.startTime != null) {
            return false;
        }
        d.startTime = state.clock.instant();
        return true;
    }

    private void reconcileDeleting(Deployment d) {
        Instant now = state.clock.instant();
        boolean pastGrace = !now.isBefore(d.deleteDeadline);
        boolean canDrain = d.healthyWorkers() > 0 && !pastGrace;
        RequestFailure deleted = RequestFailure.of(
                FailureType.DEPLOYMENT_DELETED, "deployment " + d.id + " was deleted before the request finished");
        if (!canDrain) {
            for (Request r : d.waitingRequests()) {
                ends.finish(r, RequestState.FAILED, null, deleted);
            }
        }
        if (pastGrace) {
            for (Request r : d.pendingAndInFlight()) {
                ends.finish(r, RequestState.FAILED, null, deleted);
            }
        }
        for (Worker w : List.copyOf(d.workers)) {
            switch (w.phase) {
                case WAITING_FOR_GPUS -> {
                    d.workers.remove(w);
                    w.phase = Worker.Phase.GONE;
                    state.workerEvent(w, "stopped", "the deployment is being deleted");
                }
                case STARTING -> workers.stop(w);
                case HEALTHY -> {
                    if (w.inFlight == 0 && d.waiting() == 0) {
                        workers.stop(w);
                    }
                }
                default -> {}
            }
        }
        if (d.workers.isEmpty() && d.demand() == 0) {
            state.deployments.remove(d.id);
            state.published.remove(d.id);
            d.endTime = now;
            state.emitDeployment(d);
            state.journal.deploymentRemoved(d);
            for (ClusterListener l : state.listeners) {
                l.deploymentRemoved(d.id);
            }
        }
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
