package dev.jls.emulator.internal.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Where the emulator's state changes. Every change to deployments, workers and requests is a task run
 * here, one at a time and in order, so no state needs a lock and every change can be seen (and later
 * persisted) at one place. Tasks run on one thread at a time, not always the same one: {@link
 * #executeInline} lets a caller run them itself while the loop is free.
 */
public interface EventLoop extends Executor {

    /**
     * Runs {@code task} on the loop like {@link #execute}, on the calling thread if the loop is free then.
     * The caller must hold no lock a task might take, and must not mind running other waiting tasks
     * first; loops that cannot run tasks elsewhere simply queue it.
     */
    default void executeInline(Runnable task) {
        execute(task);
    }

    /** Runs {@code task} on the loop and completes with its result, or with the exception it threw. */
    default <T> CompletableFuture<T> call(Supplier<T> task) {
        return call(task, false);
    }

    /** {@link #call}, run as {@link #executeInline} runs a task. */
    default <T> CompletableFuture<T> callInline(Supplier<T> task) {
        return call(task, true);
    }

    private <T> CompletableFuture<T> call(Supplier<T> task, boolean inline) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        };
        if (inline) {
            executeInline(run);
        } else {
            execute(run);
        }
        return result;
    }

    /** Whether the calling thread is the loop's. */
    boolean inLoop();
}
