package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The core's recent changes, in order: a bounded ring of {@link ClusterEvent}s (the oldest go first
 * once it is full) and the subscribers told of each new one. Events are appended on the event loop, as
 * the changes happen; reading, waiting and subscribing are safe from any thread.
 *
 * <p>Every request's every state change is an event, so under load the ring turns over its whole
 * capacity in seconds. It therefore keeps no object per event: each event's fields go into columns
 * (arrays of primitives, and references to strings the core holds anyway), filled in stretches of
 * {@value #CHUNK} events that are made as the ring first fills and then reused. A request's id is kept
 * as the two numbers it is made of, and its worker as a number. Objects that lived as long as the ring
 * kept them would outlive every young collection and be copied into the old generation, each one;
 * columns are written in place. {@link ClusterEvent}s are made only when read, and for subscribers.
 */
public final class EventLog {

    /** How many events an emulator keeps by default. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private static final int CHUNK = 1024;
    private static final ClusterEvent.Kind[] KINDS = ClusterEvent.Kind.values();
    // flags, in the high bits of an event's kind byte
    private static final int KIND_MASK = 0x0f;
    /** The request id is in the two number columns, not in the reference column. */
    private static final int PACKED_REQUEST_ID = 0x10;
    /** The details are {@code {worker: N}}, N in the worker column; the event's own worker id is 0. */
    private static final int WORKER_DETAIL = 0x20;

    // references per event, in this order
    private static final int TENANT = 0;
    private static final int DEPLOYMENT = 1;
    private static final int STATE = 2;
    private static final int MESSAGE = 3;
    private static final int REQUEST_ID = 4;
    private static final int DETAILS = 5;
    private static final int REFS = 6;

    private final int capacity;
    // guarded by this; each made when the ring first reaches it
    private final Chunk[] chunks;
    private final List<Consumer<ClusterEvent>> subscribers = new ArrayList<>();
    private long lastId;

    /** The columns of up to {@link #CHUNK} consecutive places in the ring. */
    private static final class Chunk {
        final long[] seconds;
        final int[] nanos;
        final byte[] kinds;
        final long[] workers;
        final long[] requestHigh;
        final int[] requestLow;
        final Object[] refs;

        Chunk(int size) {
            seconds = new long[size];
            nanos = new int[size];
            kinds = new byte[size];
            workers = new long[size];
            requestHigh = new long[size];
            requestLow = new int[size];
            refs = new Object[size * REFS];
        }
    }

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.chunks = new Chunk[(capacity + CHUNK - 1) / CHUNK];
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
        keep(time, tenant, kind, deploymentId, requestId, workerId, false, state, message, details);
    }

    /**
     * Records a request's state change without a failure: the commonest event, kept without a details
     * map. {@code workerId} is the worker it was given to, 0 for none; it shows as the {@code worker}
     * detail.
     */
    void appendRequest(
            Instant time, String tenant, String deploymentId, String requestId, long workerId, String state) {
        keep(
                time,
                tenant,
                ClusterEvent.Kind.REQUEST,
                deploymentId,
                requestId,
                workerId,
                workerId != 0,
                state,
                "",
                null);
    }

    private void keep(
            Instant time,
            String tenant,
            ClusterEvent.Kind kind,
            String deploymentId,
            String requestId,
            long workerId,
            boolean workerDetail,
            String state,
            String message,
            Map<String, String> details) {
        // what a ClusterEvent refuses, refused here, where the caller is, not when the event is read
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        List<Consumer<ClusterEvent>> tell;
        long id;
        synchronized (this) {
            id = ++lastId;
            int slot = (int) ((id - 1) % capacity);
            Chunk c = chunks[slot / CHUNK];
            if (c == null) {
                c = chunks[slot / CHUNK] = new Chunk(Math.min(CHUNK, capacity - slot));
            }
            int i = slot % CHUNK;
            int r = i * REFS;
            int flags = kind.ordinal();
            c.seconds[i] = time.getEpochSecond();
            c.nanos[i] = time.getNano();
            c.workers[i] = workerId;
            c.refs[r + TENANT] = tenant;
            c.refs[r + DEPLOYMENT] = deploymentId;
            c.refs[r + STATE] = state;
            c.refs[r + MESSAGE] = message;
            c.refs[r + DETAILS] = details;
            c.refs[r + REQUEST_ID] = null;
            if (workerDetail) {
                flags |= WORKER_DETAIL;
            }
            if (requestId != null && packRequestId(requestId, c, i)) {
                flags |= PACKED_REQUEST_ID;
            } else {
                c.refs[r + REQUEST_ID] = requestId;
            }
            c.kinds[i] = (byte) flags;
            tell = subscribers.isEmpty() ? List.of() : List.copyOf(subscribers);
            notifyAll();
        }
        if (!tell.isEmpty()) {
            ClusterEvent e = workerDetail
                    ? new ClusterEvent(
                            id, time, tenant, kind, deploymentId, requestId, 0, state, message, workerMap(workerId))
                    : new ClusterEvent(
                            id, time, tenant, kind, deploymentId, requestId, workerId, state, message, orNone(details));
            for (Consumer<ClusterEvent> s : tell) {
                s.accept(e);
            }
        }
    }

    /** Every event kept, oldest first. */
    public synchronized List<ClusterEvent> all() {
        return after(0);
    }

    /** The events kept with an id above {@code afterId}, oldest first. */
    public synchronized List<ClusterEvent> after(long afterId) {
        long from = Math.max(afterId + 1, Math.max(1, lastId - capacity + 1));
        if (from > lastId) {
            return List.of();
        }
        List<ClusterEvent> out = new ArrayList<>((int) (lastId - from + 1));
        for (long id = from; id <= lastId; id++) {
            out.add(read(id));
        }
        return Collections.unmodifiableList(out);
    }

    // guarded by this
    private ClusterEvent read(long id) {
        int slot = (int) ((id - 1) % capacity);
        Chunk c = chunks[slot / CHUNK];
        int i = slot % CHUNK;
        int r = i * REFS;
        int flags = c.kinds[i];
        String requestId = (flags & PACKED_REQUEST_ID) != 0
                ? Ids.request(c.requestHigh[i], c.requestLow[i])
                : (String) c.refs[r + REQUEST_ID];
        boolean workerDetail = (flags & WORKER_DETAIL) != 0;
        @SuppressWarnings("unchecked")
        Map<String, String> details =
                workerDetail ? workerMap(c.workers[i]) : orNone((Map<String, String>) c.refs[r + DETAILS]);
        return new ClusterEvent(
                id,
                Instant.ofEpochSecond(c.seconds[i], c.nanos[i]),
                (String) c.refs[r + TENANT],
                KINDS[flags & KIND_MASK],
                (String) c.refs[r + DEPLOYMENT],
                requestId,
                workerDetail ? 0 : c.workers[i],
                (String) c.refs[r + STATE],
                (String) c.refs[r + MESSAGE],
                details);
    }

    private static boolean packRequestId(String requestId, Chunk c, int i) {
        if (!Ids.isRequestId(requestId)) {
            return false;
        }
        c.requestHigh[i] = Ids.requestHigh(requestId);
        c.requestLow[i] = Ids.requestLow(requestId);
        return true;
    }

    private static Map<String, String> workerMap(long workerId) {
        return Map.of("worker", Long.toString(workerId));
    }

    private static Map<String, String> orNone(Map<String, String> details) {
        return details == null ? Map.of() : details;
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
