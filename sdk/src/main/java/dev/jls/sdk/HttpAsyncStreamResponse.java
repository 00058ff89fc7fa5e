package dev.jls.sdk;

import dev.jls.sdk.http.JlsHttpResponse;
import dev.jls.sdk.internal.Futures;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stream read on an SDK thread and pushed to a {@link StreamHandler}: the same pull-based reading as
 * the blocking streams, on a thread of the client's instead of the caller's.
 */
final class HttpAsyncStreamResponse<T> implements AsyncStreamResponse<T> {

    private final Supplier<CompletableFuture<JlsHttpResponse>> open;
    private final Function<JlsHttpResponse, PullStream<T>> reader;
    private final Executor readers;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<JlsHttpResponse> opening;
    private volatile PullStream<T> items;

    /**
     * @param open    sends the call (region lookup and retries included) and completes with the open answer
     * @param reader  reads items from the open answer
     * @param readers threads that may block reading
     */
    HttpAsyncStreamResponse(
            Supplier<CompletableFuture<JlsHttpResponse>> open,
            Function<JlsHttpResponse, PullStream<T>> reader,
            Executor readers) {
        this.open = open;
        this.reader = reader;
        this.readers = readers;
    }

    @Override
    public AsyncStreamResponse<T> subscribe(StreamHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        if (!subscribed.compareAndSet(false, true)) {
            throw new IllegalStateException("a handler is already subscribed");
        }
        if (closed) {
            finish(handler, null);
            return this;
        }
        CompletableFuture<JlsHttpResponse> started = Futures.start(open);
        opening = started;
        if (closed) {
            started.cancel(true);
        }
        started.whenComplete((response, error) -> {
            if (error != null) {
                finish(handler, Futures.unwrap(error));
                return;
            }
            try {
                readers.execute(() -> push(handler, response));
            } catch (RuntimeException rejected) {
                response.close();
                finish(handler, rejected);
            }
        });
        return this;
    }

    private void push(StreamHandler<T> handler, JlsHttpResponse response) {
        Throwable failure = null;
        try (PullStream<T> stream = reader.apply(response)) {
            // A close() that came first ends the loop at once; one that comes later closes items.
            items = stream;
            while (!closed && stream.hasNext()) {
                handler.onNext(stream.next());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        finish(handler, failure);
    }

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
        return done;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<JlsHttpResponse> started = opening;
        if (started != null) {
            started.cancel(true);
        }
        PullStream<T> stream = items;
        if (stream != null) {
            stream.close();
        }
        if (!subscribed.get()) {
            done.complete(null);
        }
    }

    private void finish(StreamHandler<T> handler, Throwable failure) {
        // What follows the caller's own close() is the end it asked for, not an error.
        Optional<Throwable> error = closed ? Optional.empty() : Optional.ofNullable(failure);
        try {
            handler.onComplete(error);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        } finally {
            closed = true;
        }
        if (error.isPresent()) {
            done.completeExceptionally(error.get());
        } else {
            done.complete(null);
        }
    }
}
