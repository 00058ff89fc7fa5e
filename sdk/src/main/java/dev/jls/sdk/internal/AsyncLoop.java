package dev.jls.sdk.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A loop of asynchronous steps (calls) and pauses (on a scheduler) that ends in one result. No thread
 * waits in between; cancelling the result cancels the step in flight or the pending pause.
 */
public final class AsyncLoop<T> {

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile Future<?> current;

    public AsyncLoop() {
        result.whenComplete((value, error) -> {
            Future<?> step = current;
            if (result.isCancelled() && step != null) {
                step.cancel(true);
            }
        });
    }

    /** The loop's result. */
    public CompletableFuture<T> result() {
        return result;
    }

    /**
     * Waits for {@code step}, then hands its value or failure (unwrapped) to {@code then}; an exception
     * {@code then} throws ends the loop with it.
     */
    public <A> void then(CompletableFuture<A> step, BiConsumer<? super A, Throwable> then) {
        track(step);
        step.whenComplete((value, error) -> {
            if (result.isDone()) {
                return;
            }
            try {
                then.accept(value, error == null ? null : Futures.unwrap(error));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /** Runs {@code next} after {@code pause} on the scheduler. */
    public void after(Duration pause, ScheduledExecutorService scheduler, Runnable next) {
        if (result.isDone()) {
            return;
        }
        try {
            track(scheduler.schedule(
                    () -> {
                        try {
                            next.run();
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    },
                    pause.toNanos(),
                    TimeUnit.NANOSECONDS));
        } catch (RuntimeException rejected) {
            result.completeExceptionally(rejected);
        }
    }

    public void complete(T value) {
        result.complete(value);
    }

    public void fail(Throwable error) {
        result.completeExceptionally(error);
    }

    private void track(Future<?> step) {
        current = step;
        if (result.isCancelled()) {
            step.cancel(true);
        }
    }
}
