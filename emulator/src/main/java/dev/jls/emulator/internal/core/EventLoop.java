package dev.jls.emulator.internal.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The one thread on which the emulator's state changes. Every change to deployments, workers and
 * requests is a task run here, one at a time, so no state needs a lock and every change can be seen
 * (and later persisted) at one place.
 */
public interface EventLoop extends Executor {

    /** Runs {@code task} on the loop and completes with its result, or with the exception it threw. */
    default <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Whether the calling thread is the loop's. */
    boolean inLoop();
}
