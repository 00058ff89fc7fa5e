package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How long the answers of submitted requests are kept: each finished one for the result retention,
 * then its id answers "expired" (410) for one more retention period before it is forgotten.
 */
final class Retention {

    /** Where an expired request's id still answers 410. */
    record Tombstone(String id, String tenant, String deploymentId, Instant expiredAt) {}

    private final Duration retention;
    /** Finished requests in the order they finished, which is the order they expire in. */
    private final ArrayDeque<Request> kept = new ArrayDeque<>();

    private final Map<String, Tombstone> tombstones = new HashMap<>();
    private final ArrayDeque<Tombstone> tombstoneOrder = new ArrayDeque<>();

    Retention(Duration retention) {
        this.retention = retention;
    }

    /** Keeps a finished request's answer until {@code r.finishedAt} plus the retention. */
    void keep(Request r) {
        r.expiresAt = r.finishedAt.plus(retention);
        kept.addLast(r);
    }

    /**
     * Expires what is due at {@code now}: each expired request goes to {@code expired}, and the id of each
     * tombstone past its own retention to {@code forgotten}.
     */
    void expireDue(Instant now, Consumer<Request> expired, Consumer<String> forgotten) {
        while (!kept.isEmpty() && !kept.peekFirst().expiresAt.isAfter(now)) {
            Request r = kept.pollFirst();
            Tombstone t = new Tombstone(r.id, r.tenant, r.deploymentId, r.expiresAt);
            tombstones.put(r.id, t);
            tombstoneOrder.addLast(t);
            expired.accept(r);
        }
        while (!tombstoneOrder.isEmpty()
                && !tombstoneOrder.peekFirst().expiredAt().plus(retention).isAfter(now)) {
            String id = tombstoneOrder.pollFirst().id();
            tombstones.remove(id);
            forgotten.accept(id);
        }
    }

    /**
     * Forgets every kept answer and every tombstone at once (a reset): each kept request goes to
     * {@code forgotten}, then the id of each tombstone to {@code forgottenTombstone}.
     */
    void forgetAll(Consumer<Request> forgotten, Consumer<String> forgottenTombstone) {
        while (!kept.isEmpty()) {
            forgotten.accept(kept.pollFirst());
        }
        while (!tombstoneOrder.isEmpty()) {
            String id = tombstoneOrder.pollFirst().id();
            tombstones.remove(id);
            forgottenTombstone.accept(id);
        }
    }

    /** Keeps a finished request brought back from a store, whose expiry time is already set. */
    void restore(Request r) {
        kept.addLast(r);
    }

    /** Remembers a tombstone brought back from a store; they come in the order they expired. */
    void restore(Tombstone t) {
        tombstones.put(t.id(), t);
        tombstoneOrder.addLast(t);
    }

    /** The tombstone of an expired request, while it is remembered. */
    Optional<Tombstone> tombstone(String requestId) {
        return Optional.ofNullable(tombstones.get(requestId));
    }
}
