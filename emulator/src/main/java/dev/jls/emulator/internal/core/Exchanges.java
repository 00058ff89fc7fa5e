package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request's tries on workers: sending it to a worker's engine, and what the engine's answer, or its
 * broken connection, means for the request. The engine client reports from its own threads; what
 * changes state comes back to the loop.
 */
final class Exchanges {

    private static final Logger LOG = Logger.getLogger(Exchanges.class.getName());

    private final ClusterState state;
    private final RequestEnds ends;
    private final WorkerSupervisor workers;
    private final Runnable settle;
    private Duration upstreamFailureSettle = Duration.ofMillis(500);

    Exchanges(ClusterState state, RequestEnds ends, WorkerSupervisor workers, Runnable settle) {
        this.state = state;
        this.ends = ends;
        this.workers = workers;
        this.settle = settle;
    }

    EventLoop loop() {
        return state.loop;
    }

    /**
     * How long to wait, after an engine connection broke, for the worker's exit to be seen before
     * deciding whether the worker crashed.
     */
    void upstreamFailureSettle(Duration d) {
        this.upstreamFailureSettle = d;
    }

    void start(Request r, Worker w) {
        Deployment d = w.deployment;
        Instant now = state.clock.instant();
        if (r.attempts == 0) {
            state.figures(r.tenant).queueWait.record(Duration.between(r.acceptedAt, now));
        }
        if (w.inFlight == 0) {
            w.watch.begin(state.livenessClock.instant(), w.pieces.get());
        }
        // the worker first, so that the state's event names it
        r.worker = w;
        if (r.state != RequestState.PROCESSING) {
            ends.setState(r, RequestState.PROCESSING);
        }
        r.attempts++;
        state.journal.request(r);
        w.inFlight++;
        w.lastUsed = now;
        d.dispatched++;
        Attempt a = new Attempt(r, w, this);
        r.attempt = a;
        w.attempts.add(a);
        try {
            a.exchange = state.engines.send(w.handle.address(), r.route.path(), r.body, a);
        } catch (RuntimeException e) {
            // the exchange never started, so nothing reached the client: the usual retry rule applies
            LOG.log(Level.FINE, "sending to worker " + w.id + " failed", e);
            ends.retryOrFail(a, "sending to worker " + w.id + " failed: " + e.getMessage(), FailureType.WORKER_CRASHED);
        }
    }

    void attemptCompleted(Attempt a) {
        a.worker.watch.progressed(state.livenessClock.instant());
        Request r = a.request;
        if (r.attempt != a || r.state.isFinal()) {
            settle.run();
            return;
        }
        int status = a.status();
        if (r.live() && !a.delivered()) {
            // abandoned while its answer was on the way: the abandoning command has ended it
            settle.run();
            return;
        }
        if (status / 100 == 2) {
            ends.finish(
                    r,
                    RequestState.COMPLETED,
                    r.live() ? null : new EngineAnswer(status, a.contentType(), a.body()),
                    null);
        } else {
            RequestFailure failure = new RequestFailure(
                    FailureType.ENGINE_ERROR, state.engines.errorMessage(status, a.body()), OptionalInt.of(status));
            if (r.live()) {
                // the OpenAI-compatible routes passed the engine's own error answer through
                ends.finishQuietly(r, failure);
            } else {
                ends.finish(r, RequestState.FAILED, null, failure);
            }
        }
        settle.run();
    }

    /** Off the loop: waits a moment for the worker's exit to be seen, then decides on the loop. */
    void attemptFailedOffLoop(Attempt a, Throwable cause) {
        WorkerHandle h = a.worker.handle;
        CompletableFuture<?> exit = h == null
                ? CompletableFuture.completedFuture(null)
                : h.exit().copy().completeOnTimeout(null, upstreamFailureSettle.toMillis(), TimeUnit.MILLISECONDS);
        exit.whenComplete((c, e) -> state.loop.execute(() -> {
            attemptFailed(a, cause);
            settle.run();
        }));
    }

    private void attemptFailed(Attempt a, Throwable cause) {
        Request r = a.request;
        if (r.attempt != a || r.state.isFinal()) {
            return;
        }
        Worker w = a.worker;
        if (w.phase == Worker.Phase.HEALTHY && w.handle != null && !w.handle.isAlive()) {
            workers.exited(w, w.handle.exit().getNow(null));
            return;
        }
        ends.retryOrFail(
                a, "the connection to worker " + w.id + " broke: " + describe(cause), FailureType.WORKER_CRASHED);
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        Throwable u = unwrap(t);
        return u.getMessage() != null ? u.getMessage() : u.getClass().getSimpleName();
    }
}
