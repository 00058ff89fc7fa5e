package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The core's recent changes, in order: a bounded ring of {@link ClusterEvent}s (the oldest go first
 * once it is full) and the subscribers told of each new one. Events are appended on the event loop, as
 * the changes happen; reading, waiting and subscribing are safe from any thread.
 */
public final class EventLog {

    /** How many events an emulator keeps by default. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    // guarded by this
    private final ArrayDeque<ClusterEvent> ring = new ArrayDeque<>();
    private final List<Consumer<ClusterEvent>> subscribers = new ArrayList<>();
    private long lastId;

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** Records an event; called on the event loop. Subscribers are told after it is kept. */
    void append(
            Instant time,
            String tenant,
            ClusterEvent.Kind kind,
            String deploymentId,
            String requestId,
            long workerId,
            String state,
            String message,
            Map<String, String> details) {
        List<Consumer<ClusterEvent>> tell;
        ClusterEvent e;
        synchronized (this) {
            e = new ClusterEvent(
                    ++lastId, time, tenant, kind, deploymentId, requestId, workerId, state, message, details);
            if (ring.size() == capacity) {
                ring.pollFirst();
            }
            ring.addLast(e);
            tell = subscribers.isEmpty() ? List.of() : List.copyOf(subscribers);
            notifyAll();
        }
        for (Consumer<ClusterEvent> s : tell) {
            s.accept(e);
        }
    }

    /** Every event kept, oldest first. */
    public synchronized List<ClusterEvent> all() {
        return List.copyOf(ring);
    }

    /** The events kept with an id above {@code afterId}, oldest first. */
    public synchronized List<ClusterEvent> after(long afterId) {
        List<ClusterEvent> out = new ArrayList<>();
        for (var it = ring.descendingIterator(); it.hasNext(); ) {
            ClusterEvent e = it.next();
            if (e.id() <= afterId) {
                break;
            }
            out.add(e);
        }
        Collections.reverse(out);
        return out;
    }

    /** The id of the latest event; 0 before the first. */
    public synchronized long lastId() {
        return lastId;
    }

    /**
     * Waits until an event with an id above {@code seenId} is recorded, or {@code timeoutNanos} pass.
     * Returns the latest id then.
     */
    public synchronized long awaitAfter(long seenId, long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        while (lastId <= seenId) {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return lastId;
    }

    /**
     * Hands {@code subscriber} the kept events with an id above {@code afterId}, then, on the event loop,
     * each new one, with neither a gap nor a repeat between the two. Closing the result ends the
     * subscription. Subscribers must be quick and must not call back into the core.
     */
    public AutoCloseable subscribe(
            long afterId, Consumer<List<ClusterEvent>> backlog, Consumer<ClusterEvent> subscriber) {
        synchronized (this) {
            backlog.accept(after(afterId));
            subscribers.add(subscriber);
        }
        return () -> {
            synchronized (this) {
                subscribers.remove(subscriber);
            }
        };
    }
}
