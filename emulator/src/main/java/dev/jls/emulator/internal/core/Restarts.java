package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a stop leaves in the {@link ClusterStore}, and what a start brings back from it: the rules of a
 * restart, apart from the rules of running.
 */
final class Restarts {

    private final ClusterState state;
    private final Retention retention;
    private final Idempotency idempotency;
    private final RequestEnds ends;
    private final GpuBilling billing;

    Restarts(ClusterState state, Retention retention, Idempotency idempotency, RequestEnds ends, GpuBilling billing) {
        this.state = state;
        this.retention = retention;
        this.idempotency = idempotency;
        this.ends = ends;
        this.billing = billing;
    }

    /**
     * Stops taking new requests and lets go of the workers, whose processes it returns for the caller
     * to stop, and whose GPUs cost no more from now on. Requests of the OpenAI-compatible routes fail
     * (their connections end with the process). Submitted requests that have not ended fail too,
     * unless the store is durable: then they stay as they are, to go on at the next start, and only
     * those waiting for their end here are told the emulator is shutting down.
     */
    List<WorkerHandle> shutdown() {
        state.shutDown = true;
        boolean keep = state.store.durable();
        RequestFailure shuttingDown =
                RequestFailure.of(FailureType.DEPLOYMENT_DELETED, "the emulator is shutting down");
        List<WorkerHandle> handles = new ArrayList<>();
        for (Deployment d : state.deployments.values()) {
            for (Request r : d.pendingAndInFlight()) {
                if (keep && !r.live()) {
                    leaveForNextStart(r);
                } else {
                    ends.finish(r, RequestState.FAILED, null, shuttingDown);
                }
            }
            for (Worker w : d.workers) {
                if (w.handle != null) {
                    handles.add(w.handle);
                }
                w.phase = Worker.Phase.STOPPING;
                // the caller stops the process at once: its GPUs cost until now
                billing.stop(w);
            }
        }
        state.dirty.clear();
        state.journal.flush(state.nextWorkerId);
        state.journal.close();
        return handles;
    }

    /**
     * Detaches a kept request from its worker, so that the worker's end does not end it; it stays in its
     * state for the next start. Those waiting here for its end are told the emulator is going away.
     */
    private void leaveForNextStart(Request r) {
        if (r.attempt != null) {
            r.attempt.abandon();
            r.attempt = null;
        }
        r.worker = null;
        if (r.waiters != null) {
            CoreException gone = CoreException.unavailable(
                    "the emulator is shutting down; request " + r.id + " goes on when it starts again");
            for (CompletableFuture<RequestView> w : r.waiters) {
                w.completeExceptionally(gone);
            }
            r.waiters = null;
        }
    }

    /**
     * Brings back what the store kept, before anything else happens: deployments come back with no
     * worker and go through their usual statuses as workers start again; a deleted one finishes its
     * deletion. Requests that were {@code Queued} or {@code Fetched} wait as before. A
     * {@code Processing} request (whose client was never answered) is tried again first, once, like one
     * whose worker crashed; one already tried again ends {@code Failed} with
     * {@link FailureType#EMULATOR_RESTARTED}. Ended requests keep their answers for their retention.
     */
    Restored restore(StoredCluster stored) {
        if (!state.deployments.isEmpty() || !state.requests.isEmpty()) {
            throw new IllegalStateException("a cluster is restored before anything else happens");
        }
        Instant now = state.clock.instant();
        state.nextWorkerId = Math.max(state.nextWorkerId, stored.nextWorkerId());
        for (StoredDeployment sd : stored.deployments()) {
            Deployment d = new Deployment(sd.id(), sd.tenant(), sd.spec(), sd.createdAt());
            d.updatedAt = sd.updatedAt();
            d.startTime = sd.startTime().orElse(null);
            d.keptCost = sd.totalCost();
            d.errorMessage = sd.errorMessage().orElse(null);
            d.status = switch (sd.status()) {
                case FAILED -> DeploymentStatus.FAILED;
                case DELETING -> DeploymentStatus.DELETING;
                default -> DeploymentStatus.STARTING;
            };
            d.deleteDeadline = sd.deleteDeadline().orElse(now);
            if (d.status != sd.status()) {
                d.updatedAt = now;
            }
            state.deployments.put(d.id, d);
            state.published.put(d.id, new ClusterState.PublishedSpec(d.tenant, d.spec));
            state.emitDeployment(d);
        }
        for (StoredRequest sr : stored.requests()) {
            restore(sr, now);
        }
        for (StoredTombstone t : stored.tombstones()) {
            retention.restore(new Retention.Tombstone(t.id(), t.tenant(), t.deploymentId(), t.expiredAt()));
        }
        state.touchAll();
        return new Restored(stored.deployments().size(), stored.requests().size());
    }

    private void restore(StoredRequest sr, Instant now) {
        Request r = new Request(
                sr.id(),
                sr.tenant(),
                sr.deploymentId(),
                sr.route(),
                sr.body().orElse(new byte[0]),
                sr.acceptedAt(),
                null,
                false,
                sr.idempotencyKey().orElse(null));
        r.state = sr.state();
        r.waitingSince = sr.waitingSince();
        r.attempts = sr.attempts();
        r.finishedAt = sr.finishedAt().orElse(null);
        r.expiresAt = sr.expiresAt().orElse(null);
        r.result = sr.result().orElse(null);
        r.failure = sr.failure().orElse(null);
        state.requests.put(r.id, r);
        if (r.idempotencyKey != null) {
            idempotency.remember(r.idempotencyKey, r.id, sr.body().orElse(null));
        }
        if (r.state.isFinal()) {
            retention.restore(r);
            return;
        }
        ends.accepted(r);
        Deployment d = state.deployments.get(r.deploymentId);
        if (d == null) {
            // its deployment's removal was kept, but not this request's end
            ends.finish(
                    r,
                    RequestState.FAILED,
                    null,
                    RequestFailure.of(
                            FailureType.DEPLOYMENT_DELETED,
                            "deployment " + r.deploymentId + " was deleted before the request finished"));
            return;
        }
        switch (r.state) {
            case QUEUED -> d.queued.addLast(r);
            case FETCHED -> d.fetched.addLast(r);
            default -> {
                if (r.attempts <= state.settings.crashRetries()) {
                    r.waitingSince = now;
                    d.retries.addLast(r);
                    state.journal.request(r);
                } else {
                    ends.finish(
                            r,
                            RequestState.FAILED,
                            null,
                            RequestFailure.of(
                                    FailureType.EMULATOR_RESTARTED,
                                    "the emulator stopped while the request was on a worker, on its retry too"));
                }
            }
        }
    }
}
