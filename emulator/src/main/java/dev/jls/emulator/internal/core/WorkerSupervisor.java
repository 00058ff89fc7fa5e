package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Workers' lives: starting their processes, seeing them become healthy, exit or hang, stopping them,
 * and failing a deployment whose workers keep failing to start. Starting and stopping block, so they
 * run on the blocking executor and come back to the loop; each comeback ends with {@code settle}.
 */
final class WorkerSupervisor {

    private static final Logger LOG = Logger.getLogger(WorkerSupervisor.class.getName());

    private final ClusterState state;
    private final RequestEnds ends;
    private final GpuBilling billing;
    private final Runnable settle;

    WorkerSupervisor(ClusterState state, RequestEnds ends, GpuBilling billing, Runnable settle) {
        this.state = state;
        this.ends = ends;
        this.billing = billing;
        this.settle = settle;
    }

    /** Starts the process of {@code w}, which just got its GPUs: from now on they cost. */
    void launch(Worker w) {
        billing.start(w);
        Deployment d = w.deployment;
        DeploymentSpec spec = d.spec;
        WorkerLaunch launch = new WorkerLaunch(
                d.id,
                w.id,
                spec.framework(),
                spec.model().orElseThrow(),
                spec.servedModelName(),
                spec.args(),
                spec.env(),
                w.gpus);
        state.blocking.execute(() -> {
            WorkerHandle handle;
            try {
                handle = state.launcher.launch(launch);
            } catch (RuntimeException e) {
                state.loop.execute(() -> {
                    launchFailed(w, e);
                    settle.run();
                });
                return;
            }
            state.loop.execute(() -> {
                launched(w, handle);
                settle.run();
            });
        });
    }

    private void launched(Worker w, WorkerHandle handle) {
        w.handle = handle;
        if (w.phase != Worker.Phase.STARTING || state.shutDown) {
            // stopped while its process was being started
            w.phase = Worker.Phase.STOPPING;
            stopProcess(w);
            return;
        }
        state.workerEvent(w, "launched", handle.runsAs() + " started, port " + handle.port());
        for (ClusterListener l : state.listeners) {
            l.workerLaunched(w.deployment.id, w.id, handle);
        }
        handle.modelLoaded().ifPresent(loaded -> {
            w.reportsModelLoading = true;
            state.touch(w.deployment);
            loaded.thenRun(() -> state.loop.execute(() -> {
                w.modelLoaded = true;
                state.touch(w.deployment);
                settle.run();
            }));
        });
        handle.ready()
                .whenComplete((ok, e) -> state.loop.execute(() -> {
                    ready(w, e);
                    settle.run();
                }));
        handle.exit()
                .whenComplete((code, e) -> state.loop.execute(() -> {
                    exited(w, code);
                    settle.run();
                }));
    }

    private void launchFailed(Worker w, RuntimeException e) {
        if (w.phase != Worker.Phase.STARTING) {
            release(w);
            return;
        }
        startFailed(w, e);
    }

    private void ready(Worker w, Throwable failure) {
        if (w.phase != Worker.Phase.STARTING) {
            return;
        }
        if (failure != null) {
            startFailed(w, Exchanges.unwrap(failure));
            return;
        }
        w.phase = Worker.Phase.HEALTHY;
        w.idleSince = state.clock.instant();
        state.workerEvent(w, "ready", "");
        w.deployment.startFailures = 0;
        state.touch(w.deployment);
    }

    void exited(Worker w, Integer code) {
        switch (w.phase) {
            case STARTING ->
                startFailed(
                        w,
                        new WorkerStartException(
                                "worker " + w.id + " exited with code " + code + " before it was healthy",
                                w.handle.logTail()));
            case HEALTHY -> {
                w.phase = Worker.Phase.STOPPING;
                String reason = "worker " + w.id + " exited with code " + code;
                LOG.info(reason + " (deployment " + w.deployment.id + ")");
                state.workerEvent(w, "crashed", reason);
                for (Attempt a : List.copyOf(w.attempts)) {
                    ends.retryOrFail(a, reason, FailureType.WORKER_CRASHED);
                }
                stopProcess(w);
                state.touch(w.deployment);
            }
            default -> {}
        }
    }

    private void startFailed(Worker w, Throwable cause) {
        Deployment d = w.deployment;
        w.phase = Worker.Phase.STOPPING;
        if (w.handle != null) {
            stopProcess(w);
        } else {
            release(w);
        }
        d.startFailures++;
        List<String> tail = cause instanceof WorkerStartException wse
                ? wse.logTail()
                : w.handle != null ? w.handle.logTail() : List.of();
        String reason = "worker " + w.id + " failed to start: " + cause.getMessage();
        LOG.info(reason + " (deployment " + d.id + ", failure " + d.startFailures + ")");
        state.workerEvent(w, "start_failed", d.spec.maskEnvValues(reason));
        if (d.startFailures >= state.settings.maxStartAttempts()) {
            failDeployment(d, reason, tail);
        } else {
            long factor = 1L << Math.min(d.startFailures - 1, 20);
            d.nextStartAt =
                    state.clock.instant().plus(state.settings.startBackoff().multipliedBy(factor));
            state.touch(d);
        }
    }

    void failDeployment(Deployment d, String reason, List<String> tail) {
        if (d.status == DeploymentStatus.DELETING) {
            state.touch(d);
            return;
        }
        StringBuilder msg = new StringBuilder()
                .append("workers failed to start ")
                .append(d.startFailures)
                .append(" times in a row; last: ")
                .append(reason);
        if (!tail.isEmpty()) {
            msg.append("\nlast lines of the worker's log:");
            for (String line : tail.subList(Math.max(0, tail.size() - 20), tail.size())) {
                msg.append('\n').append(line);
            }
        }
        d.status = DeploymentStatus.FAILED;
        // A worker's log, or a launcher's message, may quote the environment it was given.
        d.errorMessage = d.spec.maskEnvValues(msg.toString());
        d.updatedAt = state.clock.instant();
        state.emitDeployment(d);
        RequestFailure failure = RequestFailure.of(
                FailureType.WORKER_START_FAILED, "deployment " + d.id + " failed: " + d.spec.maskEnvValues(reason));
        for (Request r : d.pendingAndInFlight()) {
            ends.finish(r, RequestState.FAILED, null, failure);
        }
        for (Worker w : List.copyOf(d.workers)) {
            if (w.phase == Worker.Phase.WAITING_FOR_GPUS) {
                d.workers.remove(w);
                w.phase = Worker.Phase.GONE;
                state.workerEvent(w, "stopped", "the deployment failed before the worker got GPUs");
            } else if (w.live()) {
                stop(w);
            }
        }
    }

    /** Stops a worker that has nothing in flight. */
    void stop(Worker w) {
        boolean started = w.handle != null;
        w.phase = Worker.Phase.STOPPING;
        state.workerEvent(w, "stopping", "");
        if (started) {
            stopProcess(w);
        }
        // without a handle its process is still being started; launched() stops it
    }

    void stopProcess(Worker w) {
        stopProcess(w, state.settings.workerStopGrace());
    }

    void stopProcess(Worker w, Duration grace) {
        WorkerHandle handle = w.handle;
        state.blocking.execute(() -> {
            try {
                handle.stop(grace);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping worker " + w.id + " failed", e);
            }
            state.loop.execute(() -> {
                release(w);
                settle.run();
            });
        });
    }

    /** The worker's process is gone: its GPUs go back to the pool. */
    void release(Worker w) {
        if (w.phase == Worker.Phase.GONE && !w.deployment.workers.contains(w)) {
            return;
        }
        w.phase = Worker.Phase.GONE;
        billing.stop(w);
        w.deployment.workers.remove(w);
        state.gpus.release(w.holder());
        state.workerEvent(w, "stopped", "");
        if (!w.gpus.isEmpty()) {
            state.gpuEvent(w, "released");
        }
        if (w.handle != null) {
            state.engines.forget(w.handle.address());
        }
        for (ClusterListener l : state.listeners) {
            l.workerGone(w.deployment.id, w.id);
        }
        // freed GPUs may be what another deployment's worker waits for
        state.touchAll();
        state.touch(w.deployment);
    }

    /**
     * Checks each busy worker's health and progress, and kills the ones that stopped answering (see
     * {@link WorkerWatch}).
     */
    void watchWorkers(Deployment d) {
        Instant now = state.livenessClock.instant();
        for (Worker w : List.copyOf(d.workers)) {
            if (w.phase != Worker.Phase.HEALTHY || w.inFlight == 0 || w.handle == null) {
                continue;
            }
            w.watch.sawPieces(w.pieces.get(), now);
            Optional<String> verdict = w.watch.verdict(now);
            if (verdict.isPresent()) {
                unresponsive(w, verdict.get());
            } else if (w.watch.probeDue(now)) {
                // a late answer still counts when it comes, so the check may take the whole timeout
                w.handle
                        .probe(state.settings.unresponsiveTimeout())
                        .whenComplete((live, e) -> state.loop.execute(() ->
                                w.watch.probed(live == null ? Liveness.SILENT : live, state.livenessClock.instant())));
            }
        }
    }

    /**
     * A busy worker stopped answering: it is killed at once (it would not heed SIGTERM), its requests
     * are handled as for a crash, and the scaler replaces it.
     */
    private void unresponsive(Worker w, String why) {
        String reason = "worker " + w.id + " was unresponsive and was killed: " + why;
        LOG.warning(reason + " (deployment " + w.deployment.id + ")");
        w.phase = Worker.Phase.STOPPING;
        state.workerEvent(w, "unresponsive", reason);
        for (Attempt a : List.copyOf(w.attempts)) {
            ends.retryOrFail(a, reason, FailureType.WORKER_UNRESPONSIVE);
        }
        stopProcess(w, Duration.ZERO);
        state.touch(w.deployment);
    }
}
