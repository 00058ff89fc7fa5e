package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.http.JlsHttpResponse;
import dev.jls.sdk.internal.SseEvent;
import dev.jls.sdk.internal.SseParser;
import dev.jls.sdk.internal.SseReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A pull-based OpenAI-style event stream over one open HTTP answer. */
final class SseStreamResponse<T> implements StreamResponse<T>, PullStream<T> {

    private final JlsHttpResponse response;
    private final Function<JsonNode, T> decoder;
    private final SseReader reader;
    private final ArrayDeque<SseEvent> events = new ArrayDeque<>();
    private volatile boolean closed;
    private boolean finished;
    private boolean streamed;
    private T next;

    SseStreamResponse(JlsHttpResponse response, Function<JsonNode, T> decoder) {
        this.response = response;
        this.decoder = decoder;
        this.reader = new SseReader(response.body(), new SseParser(events::add));
    }

    @Override
    public Stream<T> stream() {
        if (streamed) {
            throw new IllegalStateException("stream() may be called once");
        }
        streamed = true;
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !finished) {
            if (closed) {
                finished = true;
                break;
            }
            SseEvent event = events.poll();
            if (event == null) {
                readMore();
                continue;
            }
            if (OpenAiEvents.isDone(event)) {
                finished = true;
                // the body's own end usually follows [DONE] in a write of its own: waiting for it keeps
                // the connection for the next call, where closing now would drop it
                response.finish();
                break;
            }
            try {
                next = OpenAiEvents.decode(event, decoder);
            } catch (RuntimeException e) {
                finished = true;
                response.close();
                throw e;
            }
        }
        return next != null;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream has ended");
        }
        T item = next;
        next = null;
        return item;
    }

    private void readMore() {
        try {
            if (!reader.pump()) {
                finished = true;
                response.close();
                if (!closed) {
                    throw new JlsIoException("the stream ended before [DONE]: the answer is incomplete", null);
                }
            }
        } catch (IOException e) {
            finished = true;
            response.close();
            if (!closed) {
                throw new JlsIoException("the stream failed after it began (not retried): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Ends the stream and cancels the HTTP call; safe from any thread. A thread blocked reading the
     * stream wakes up and sees the end.
     */
    @Override
    public void close() {
        closed = true;
        response.close();
    }
}
