package dev.jls.sdk.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Chains of futures whose cancellation reaches the step in flight: {@link CompletableFuture#thenCompose}
 * alone would leave an HTTP call running when its dependent future is cancelled.
 */
public final class Futures {

    private Futures() {}

    /**
     * {@code next} applied to {@code first}'s value. Cancelling the result cancels {@code first} or the
     * future {@code next} returned, whichever is in flight. Failures arrive unwrapped (the
     * {@link dev.jls.sdk.errors.JlsException} itself, not a {@link CompletionException}).
     */
    public static <A, B> CompletableFuture<B> compose(
            CompletableFuture<A> first, Function<? super A, ? extends CompletableFuture<B>> next) {
        return handle(
                first, (value, error) -> error != null ? CompletableFuture.failedFuture(error) : next.apply(value));
    }

    /**
     * {@code next} applied to {@code first}'s value or failure (unwrapped), with cancellation as in
     * {@link #compose}.
     */
    public static <A, B> CompletableFuture<B> handle(
            CompletableFuture<A> first, BiFunction<? super A, Throwable, ? extends CompletableFuture<B>> next) {
        CompletableFuture<B> result = new CompletableFuture<>();
        AtomicReference<Future<?>> current = new AtomicReference<>(first);
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                current.get().cancel(true);
            }
        });
        first.whenComplete((value, error) -> {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<B> step;
            try {
                step = next.apply(value, error == null ? null : unwrap(error));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            current.set(step);
            if (result.isCancelled()) {
                step.cancel(true);
            }
            step.whenComplete((answer, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(unwrap(failure));
                } else {
                    result.complete(answer);
                }
            });
        });
        return result;
    }

    /** {@code mapper} applied to {@code first}'s value; cancelling the result cancels {@code first}. */
    public static <A, B> CompletableFuture<B> map(CompletableFuture<A> first, Function<? super A, ? extends B> mapper) {
        return compose(first, value -> CompletableFuture.completedFuture(mapper.apply(value)));
    }

    /** The future {@code start} gives, or a failed one when it throws. */
    public static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The cause inside a {@link CompletionException} or {@link ExecutionException}. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
