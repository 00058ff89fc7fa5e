package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a busy worker still answers and still makes progress: the rule that ends hung workers.
 *
 * <p>Watching starts when a worker takes a request after having none in flight. From then on its
 * health is checked every probe interval, and it is unresponsive when either
 *
 * <ul>
 *   <li>a health check has gone unanswered for the timeout (a process stopped with SIGSTOP, a
 *       deadlocked server), or
 *   <li>its engine exports token counters and, from one health check to a later one, they show no
 *       progress for the timeout, while nothing of its answers arrived either (an engine that
 *       accepts requests and never answers them).
 * </ul>
 *
 * <p>Without token counters a long unstreamed answer shows nothing until it ends, so then only the
 * health check counts (and the request timeout bounds the rest). Judging only from checks that were
 * actually made, never from the time since the last one, keeps a pause of the emulator itself (or a
 * jump of a test's clock) from condemning a worker that was never asked.
 *
 * <p>Owned by the event loop, like its {@link Worker}.
 */
final class WorkerWatch {

    private final Duration timeout;
    private final Duration probeInterval;
    private boolean probing;
    private Instant nextProbe;
    /** When the earliest health check since the last answer was sent; null after an answer. */
    private Instant unansweredSince;

    private OptionalLong tokens = OptionalLong.empty();
    private Instant lastProgress;
    private long pieces;
    private String stalled;

    WorkerWatch(Duration timeout, Duration probeInterval) {
        this.timeout = timeout;
        this.probeInterval = probeInterval;
    }

    /** The worker took a request while it had none: watching starts afresh. */
    void begin(Instant now, long piecesSoFar) {
        nextProbe = now.plus(probeInterval);
        unansweredSince = null;
        tokens = OptionalLong.empty();
        lastProgress = now;
        pieces = piecesSoFar;
        stalled = null;
    }

    /** Something of an answer arrived, or an answer completed. */
    void progressed(Instant now) {
        lastProgress = now;
        stalled = null;
    }

    /** The count of answer pieces the worker has passed on so far; a change is progress. */
    void sawPieces(long total, Instant now) {
        if (total != pieces) {
            pieces = total;
            progressed(now);
        }
    }

    /** Whether a health check should be sent now; if so, it counts as sent (one at a time). */
    boolean probeDue(Instant now) {
        if (probing || now.isBefore(nextProbe)) {
            return false;
        }
        probing = true;
        if (unansweredSince == null) {
            unansweredSince = now;
        }
        return true;
    }

    /** A health check came back. */
    void probed(Liveness result, Instant now) {
        probing = false;
        nextProbe = now.plus(probeInterval);
        if (!result.answered()) {
            return;
        }
        unansweredSince = null;
        OptionalLong count = result.tokensProcessed();
        if (count.isEmpty()) {
            return;
        }
        if (tokens.isEmpty() || count.getAsLong() != tokens.getAsLong()) {
            tokens = count;
            progressed(now);
        } else if (!now.isBefore(lastProgress.plus(timeout))) {
            stalled = "its engine processed no token and sent nothing for " + seconds(lastProgress, now)
                    + " while it had requests in flight";
        }
    }

    /** Why the worker counts as unresponsive now, if it does. */
    Optional<String> verdict(Instant now) {
        if (unansweredSince != null && !now.isBefore(unansweredSince.plus(timeout))) {
            return Optional.of("its health check went unanswered for " + seconds(unansweredSince, now));
        }
        return Optional.ofNullable(stalled);
    }

    private static String seconds(Instant since, Instant now) {
        return Duration.between(since, now).toMillis() / 1000.0 + " s";
    }
}
