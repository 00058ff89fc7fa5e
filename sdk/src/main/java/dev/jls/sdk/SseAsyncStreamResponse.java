package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.SseEvent;
import dev.jls.sdk.internal.SseParser;
import dev.jls.sdk.internal.SseReader;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** An OpenAI-style event stream read on an OkHttp thread and pushed to a {@link StreamHandler}. */
final class SseAsyncStreamResponse<T> implements AsyncStreamResponse<T> {

    private final HttpTransport transport;
    private final Supplier<CompletableFuture<HttpUrl>> url;
    private final Function<HttpUrl, ApiRequest> request;
    private final Function<JsonNode, T> decoder;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Future<?> inFlight;

    SseAsyncStreamResponse(
            HttpTransport transport,
            Supplier<CompletableFuture<HttpUrl>> url,
            Function<HttpUrl, ApiRequest> request,
            Function<JsonNode, T> decoder) {
        this.transport = transport;
        this.url = url;
        this.request = request;
        this.decoder = decoder;
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
        CompletableFuture<HttpUrl> base = url.get();
        track(base);
        base.whenComplete((v1, error) -> {
            if (error != null) {
                finish(handler, error);
                return;
            }
            CompletableFuture<Void> reading = transport.openAsync(request.apply(v1), response -> {
                ArrayDeque<SseEvent> events = new ArrayDeque<>();
                SseReader reader = new SseReader(response.body().source(), new SseParser(events::add));
                while (!closed) {
                    SseEvent event = events.poll();
                    if (event == null) {
                        if (!reader.pump()) {
                            throw new JlsIoException("the stream ended before [DONE]: the answer is incomplete", null);
                        }
                        continue;
                    }
                    if (OpenAiEvents.isDone(event)) {
                        break;
                    }
                    T item = OpenAiEvents.decode(event, decoder);
                    if (item != null) {
                        handler.onNext(item);
                    }
                }
                return null;
            });
            track(reading);
            reading.whenComplete((ignored, failure) -> finish(handler, failure));
        });
        return this;
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
        Future<?> current = inFlight;
        if (current != null) {
            current.cancel(true);
        }
        if (!subscribed.get()) {
            done.complete(null);
        }
    }

    private void track(Future<?> step) {
        inFlight = step;
        if (closed) {
            step.cancel(true);
        }
    }

    private void finish(StreamHandler<T> handler, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        // What follows the caller's own close() is the end it asked for, not an error.
        Optional<Throwable> error = closed ? Optional.empty() : Optional.ofNullable(cause);
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
