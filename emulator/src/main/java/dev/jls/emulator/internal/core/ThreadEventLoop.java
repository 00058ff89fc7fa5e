package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An {@link EventLoop} whose tasks run one at a time, in the order they came, on whichever thread holds
 * the loop: its own daemon thread, or a caller of {@link #executeInline} that found the loop free. A
 * second thread for the periodic tick posts the tick as a task.
 *
 * <p>Running a task on the thread that posts it, when nothing else is running, spares the two thread
 * wake-ups a hand-off costs (the loop's, and the caller's again for the answer): on the path of a
 * forwarded request that is most of what the loop costs. The loop's own thread takes over whatever is
 * left when an inline run has done its share ({@link #INLINE_BUDGET} tasks), so that a burst never holds
 * an IO thread for long.
 */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadEventLoop.class.getName());

    /** The most tasks a caller of {@link #executeInline} runs before it leaves the rest to the loop's thread. */
    static final int INLINE_BUDGET = 32;

    /** How long the loop's thread sleeps at most without news: a guard, not a timer anything relies on. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The thread running tasks now, or null while none is. */
    private final AtomicReference<Thread> owner = new AtomicReference<>();

    private final Thread thread;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    public ThreadEventLoop(String name) {
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-timer");
            t.setDaemon(true);
            return t;
        });
        this.thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (offer(task) && owner.get() == null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Runs {@code task} on the calling thread when no task is running, with whatever was waiting before
     * it; otherwise leaves it to the thread that is running them. Only for callers that hold no lock a
     * task might take, and that may run the loop's work for a while (an IO thread between two reads).
     */
    @Override
    public void executeInline(Runnable task) {
        if (!offer(task)) {
            return;
        }
        Thread me = Thread.currentThread();
        if (owner.get() != null || !owner.compareAndSet(null, me)) {
            // the running thread sees the task: it looks at the queue again after letting go
            return;
        }
        run(INLINE_BUDGET);
        owner.set(null);
        if (!tasks.isEmpty()) {
            LockSupport.unpark(thread);
        }
    }

    private boolean offer(Runnable task) {
        if (closed) {
            // news that arrives after the loop closed (a worker that finished starting) changes nothing
            LOG.log(Level.FINE, "the event loop is closed; a late task is dropped");
            return false;
        }
        tasks.add(task);
        return true;
    }

    /** Runs at most {@code budget} waiting tasks; the caller holds the loop. */
    private void run(int budget) {
        Runnable task;
        for (int n = 0; n < budget && (task = tasks.poll()) != null; n++) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // one broken task must not stop the loop that every other change goes through
                LOG.log(Level.SEVERE, "event loop task failed", e);
            }
        }
    }

    /** The loop's own thread: runs what is waiting whenever the loop is free, until closed and drained. */
    private void loop() {
        for (; ; ) {
            if (!tasks.isEmpty() && owner.compareAndSet(null, thread)) {
                run(Integer.MAX_VALUE);
                owner.set(null);
                continue;
            }
            if (closed && tasks.isEmpty() && owner.get() == null) {
                return;
            }
            // woken by execute(), by an inline run that left tasks behind, or by close()
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
    }

    /** Runs {@code task} on the loop every {@code period}, until closed. */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        return timer.scheduleWithFixedDelay(() -> execute(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean inLoop() {
        return owner.get() == Thread.currentThread();
    }

    /** Takes no more tasks, and waits (up to 5 s) for those already posted to run. */
    @Override
    public void close() {
        timer.shutdownNow();
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread || inLoop()) {
            // closed from a task: the rest runs once that task is done
            return;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
