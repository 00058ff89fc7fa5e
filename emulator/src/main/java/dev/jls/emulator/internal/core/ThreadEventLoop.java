package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** An {@link EventLoop} on one daemon thread, with a periodic tick for time-driven rules. */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ThreadEventLoop.class.getName());

    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    public ThreadEventLoop(String name) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    // one broken task must not stop the loop that every other change goes through
                    LOG.log(Level.SEVERE, "event loop task failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // news that arrives after the loop closed (a worker that finished starting) changes nothing
            if (!executor.isShutdown()) {
                throw closed;
            }
            LOG.log(Level.FINE, "the event loop is closed; a late task is dropped");
        }
    }

    /** Runs {@code task} on the loop every {@code period}, until closed. */
    public ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        return executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.SEVERE, "event loop tick failed", e);
                    }
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
