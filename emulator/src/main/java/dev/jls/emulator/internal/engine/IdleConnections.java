package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.io.IoThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * The kept-alive engine connections not in an exchange, by engine address and by the IO thread each
 * belongs to, the most recently used first: what the XNIO adapters share. A connection idle for longer
 * than {@value #KEEP_ALIVE_SECONDS} s, or no longer open, is closed when it is next looked at rather than
 * handed out. Thread-safe.
 *
 * @param <C> the adapter's connection
 */
final class IdleConnections<C> {

    /** Below the idle timeout of the JDK HTTP server the simulated engine runs on (30 s). */
    static final long KEEP_ALIVE_SECONDS = 20;

    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);

    private record Key(EngineAddress address, XnioIoThread thread) {}

    private record Entry<C>(C connection, long since) {}

    private final Map<Key, ConcurrentLinkedDeque<Entry<C>>> idle = new ConcurrentHashMap<>();
    private final Function<C, XnioIoThread> threadOf;
    private final Predicate<C> isOpen;
    private final Consumer<C> close;

    IdleConnections(Function<C, XnioIoThread> threadOf, Predicate<C> isOpen, Consumer<C> close) {
        this.threadOf = threadOf;
        this.isOpen = isOpen;
        this.close = close;
    }

    /** Where an exchange runs: an IO thread, and an idle connection of that thread when there is one. */
    record Choice<C>(XnioIoThread thread, C pooled) {}

    /**
     * Where an exchange with {@code address} runs: on the {@code preferred} thread when it is one of
     * {@code worker}'s (only a connection of that thread spares a hand-over per piece; else a new one is
     * dialled there), otherwise on the thread of any idle connection, or any thread for a new one.
     */
    Choice<C> choose(EngineAddress address, Executor preferred, XnioWorker worker) {
        if (preferred instanceof XnioIoThread t && t.getWorker() == worker) {
            return new Choice<>(t, take(address, t));
        }
        C pooled = takeOnAnyThread(address);
        return new Choice<>(pooled != null ? threadOf.apply(pooled) : worker.getIoThread(), pooled);
    }

    /** IO threads of a client's own (one, or two on a machine with more cores), for a client made alone. */
    static IoThreads ownThreads() {
        return IoThreads.start(
                "jls-engine-client",
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    /** Runs {@code task} on {@code thread}: at once when called there, else as its next task. */
    static void runOn(XnioIoThread thread, Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
        } else {
            thread.execute(task);
        }
    }

    /** An idle open connection to {@code address} on {@code thread}, now taken, or null. */
    C take(EngineAddress address, XnioIoThread thread) {
        ConcurrentLinkedDeque<Entry<C>> deque = idle.get(new Key(address, thread));
        if (deque == null) {
            return null;
        }
        long now = System.nanoTime();
        Entry<C> e;
        while ((e = deque.pollFirst()) != null) {
            if (isOpen.test(e.connection()) && now - e.since() < KEEP_ALIVE_NANOS) {
                return e.connection();
            }
            close.accept(e.connection());
        }
        return null;
    }

    /** An idle open connection to {@code address} on any thread, now taken, or null. */
    C takeOnAnyThread(EngineAddress address) {
        for (Key key : idle.keySet()) {
            if (key.address().equals(address)) {
                C c = take(address, key.thread());
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Keeps {@code c}, whose exchange ended, for the next one; closes it instead when {@code closed} says
     * the client closed (also when it closes meanwhile).
     */
    void put(EngineAddress address, C c, BooleanSupplier closed) {
        if (closed.getAsBoolean() || !isOpen.test(c)) {
            close.accept(c);
            return;
        }
        Entry<C> entry = new Entry<>(c, System.nanoTime());
        ConcurrentLinkedDeque<Entry<C>> deque =
                idle.computeIfAbsent(new Key(address, threadOf.apply(c)), k -> new ConcurrentLinkedDeque<>());
        deque.addFirst(entry);
        if (closed.getAsBoolean() && deque.remove(entry)) {
            close.accept(c);
        }
    }

    /** Takes {@code c} out if it is idle here (the engine closed it meanwhile); whether it was. */
    boolean remove(EngineAddress address, C c, XnioIoThread thread) {
        ConcurrentLinkedDeque<Entry<C>> deque = idle.get(new Key(address, thread));
        return deque != null && deque.removeIf(e -> e.connection() == c);
    }

    /** Closes every idle connection to {@code address}. */
    void closeAll(EngineAddress address) {
        for (Key key : idle.keySet()) {
            if (key.address().equals(address)) {
                closeAll(idle.remove(key));
            }
        }
    }

    /** Closes every idle connection. */
    void closeAll() {
        for (Key key : idle.keySet()) {
            closeAll(idle.remove(key));
        }
    }

    private void closeAll(ConcurrentLinkedDeque<Entry<C>> deque) {
        if (deque != null) {
            Entry<C> e;
            while ((e = deque.pollFirst()) != null) {
                close.accept(e.connection());
            }
        }
    }
}
