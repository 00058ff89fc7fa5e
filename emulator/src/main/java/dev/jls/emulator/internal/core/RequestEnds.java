package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How requests end: answered, failed, cancelled, tried again after their worker died, or timed out
 * (waiting longer than {@code wait_time}, or living longer than the request timeout). Frees the slot a
 * request held and wakes whoever waits for its end.
 */
final class RequestEnds {

    private final ClusterState state;
    private final Retention retention;
    /**
     * Requests in the order they were accepted, which is the order their request timeouts fall due;
     * ended ones leave it when they reach its head.
     */
    private final ArrayDeque<Request> byAcceptance = new ArrayDeque<>();

    RequestEnds(ClusterState state, Retention retention) {
        this.state = state;
        this.retention = retention;
    }

    /** A request was accepted: its request timeout runs from now. */
    void accepted(Request r) {
        byAcceptance.addLast(r);
    }

    /** Forgets the ended requests it still holds (a reset, once every request has ended). */
    void forgetEnded() {
        byAcceptance.removeIf(r -> r.state.isFinal());
    }

    /**
     * The worker of {@code a} died, hung, or its connection broke: the request is tried again
     * elsewhere if nothing of the answer reached the client and it has retries left, else it fails
     * with {@code type}.
     */
    void retryOrFail(Attempt a, String reason, FailureType type) {
        Request r = a.request;
        if (r.attempt != a || r.state.isFinal()) {
            return;
        }
        boolean sent = a.abandon();
        releaseSlot(r);
        r.attempt = null;
        Deployment d = state.deployments.get(r.deploymentId);
        if (!sent && r.attempts <= state.settings.crashRetries() && d != null && d.status != DeploymentStatus.FAILED) {
            r.waitingSince = state.clock.instant();
            d.retries.addLast(r);
            state.journal.request(r);
            state.touch(d);
            return;
        }
        finish(
                r,
                RequestState.FAILED,
                null,
                RequestFailure.of(type, reason + (sent ? " while the answer was being streamed" : " on the retry too")),
                sent);
    }

    /** Ends {@code r} in {@code to}; a try under way is abandoned, a slot it held freed. */
    void finish(Request r, RequestState to, EngineAnswer result, RequestFailure failure) {
        boolean midStream = false;
        if (r.attempt != null && r.worker != null && to != RequestState.COMPLETED) {
            midStream = r.attempt.abandon();
        }
        finish(r, to, result, failure, midStream);
    }

    void finish(Request r, RequestState to, EngineAnswer result, RequestFailure failure, boolean midStream) {
        Deployment d = state.deployments.get(r.deploymentId);
        if (r.worker != null) {
            releaseSlot(r);
        } else if (d != null) {
            d.removeWaiting(r);
        }
        end(r, to, result, failure);
        if (r.live() && to == RequestState.FAILED) {
            r.sink.fail(failure, midStream);
        }
    }

    /** Ends a live request whose answer already went out. */
    void finishQuietly(Request r, RequestFailure failure) {
        releaseSlot(r);
        end(r, RequestState.FAILED, null, failure);
    }

    private void end(Request r, RequestState to, EngineAnswer result, RequestFailure failure) {
        Instant now = state.clock.instant();
        // set before the state, so that the change's event carries the failure
        r.finishedAt = now;
        r.result = result;
        r.failure = failure;
        r.attempt = null;
        setState(r, to);
        if (to == RequestState.COMPLETED) {
            state.figures(r.tenant).requestDuration.record(Duration.between(r.acceptedAt, now));
        }
        if (r.live()) {
            state.requests.remove(r.id);
        } else {
            retention.keep(r);
        }
        if (r.waiters != null) {
            RequestView view = r.view();
            for (CompletableFuture<RequestView> w : r.waiters) {
                w.complete(view);
            }
            r.waiters = null;
        }
        Deployment d = state.deployments.get(r.deploymentId);
        if (d != null) {
            state.touch(d);
        }
    }

    void releaseSlot(Request r) {
        Worker w = r.worker;
        if (w == null) {
            return;
        }
        w.attempts.remove(r.attempt);
        w.inFlight--;
        Instant now = state.clock.instant();
        w.lastUsed = now;
        if (w.inFlight == 0) {
            w.idleSince = now;
        }
        w.deployment.dispatched--;
        r.worker = null;
        state.touch(w.deployment);
    }

    void setState(Request r, RequestState next) {
        if (!r.state.mayMoveTo(next)) {
            throw new IllegalStateException(
                    "request " + r.id + " cannot move from " + r.state.wire() + " to " + next.wire());
        }
        r.state = next;
        state.figures(r.tenant).reached(next);
        state.emitRequest(r);
    }

    void expireWaits(Deployment d, Instant now) {
        int wait = d.spec.waitTimeSeconds();
        if (wait == 0 || d.status == DeploymentStatus.FAILED) {
            return;
        }
        Instant limit = now.minusSeconds(wait);
        List<Request> late = new ArrayList<>();
        for (Request r : d.retries) {
            if (!r.waitingSince.isAfter(limit)) {
                late.add(r);
            }
        }
        for (Request r : d.fetched) {
            if (!r.waitingSince.isAfter(limit)) {
                late.add(r);
            }
        }
        for (Request r : d.queued) {
            if (r.waitingSince.isAfter(limit)) {
                break; // the line is in order of arrival
            }
            late.add(r);
        }
        for (Request r : late) {
            finish(
                    r,
                    RequestState.FAILED,
                    null,
                    RequestFailure.of(
                            FailureType.QUEUE_TIMEOUT, "waited longer than wait_time (" + wait + " s) for a worker"));
        }
    }

    /** Ends every request that has not ended within the request timeout of its acceptance. */
    void timeOutRequests(Instant now) {
        Instant acceptedBefore = now.minus(state.settings.requestTimeout());
        Request r;
        while ((r = byAcceptance.peekFirst()) != null) {
            if (!r.state.isFinal() && r.acceptedAt.isAfter(acceptedBefore)) {
                return;
            }
            byAcceptance.pollFirst();
            if (!r.state.isFinal()) {
                finish(
                        r,
                        RequestState.FAILED,
                        null,
                        RequestFailure.of(
                                FailureType.REQUEST_TIMEOUT,
                                "the request did not end within the request timeout ("
                                        + state.settings.requestTimeout().toSeconds() + " s)"));
            }
        }
    }
}
