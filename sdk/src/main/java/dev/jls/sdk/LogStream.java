package dev.jls.sdk;

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
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A deployment's log, line by line, as {@link DeploymentService#retrieveLogs} opened it: worker lines as
 * {@link LogEvent.Line} and, when the options asked for them, service notices (e.g.
 * {@code "no active workers"}) as {@link LogEvent.Notice}.
 *
 * <p>Iterate it on one thread ({@link #hasNext()} blocks until the next line arrives or the stream ends),
 * or use {@link #stream()}. The stream ends when the service ends it: after the past lines when not
 * followed, and when the service says {@code all streams ended} (no worker left to follow: the deployment
 * was deleted, the emulator is stopping). Until then a followed log goes on: the caller closes it, best
 * with try-with-resources; {@link #close()} may be called from another thread to stop a blocked reader,
 * which then sees the end of the stream. The service's keep-alive comments ({@code ping}) are never
 * events.
 */
public final class LogStream implements PullStream<LogEvent> {

    /** The comment the service keeps an idle stream open with. */
    static final String KEEP_ALIVE = "ping";
    /** The comment the service ends the stream with. */
    static final String END = "all streams ended";

    private final JlsHttpResponse response;
    private final SseReader reader;
    private final ArrayDeque<LogEvent> pending = new ArrayDeque<>();
    private volatile boolean closed;
    private boolean ended;
    private boolean endSeen;
    private boolean streamed;

    LogStream(JlsHttpResponse response, boolean notices) {
        this.response = response;
        this.reader = new SseReader(response.body(), new SseParser(new SseParser.Handler() {
            @Override
            public void onEvent(SseEvent event) {
                if (!endSeen) {
                    pending.add(new LogEvent.Line(event.data()));
                }
            }

            @Override
            public void onComment(String comment) {
                String word = comment.strip();
                if (endSeen || word.isEmpty() || word.equals(KEEP_ALIVE)) {
                    return;
                }
                if (word.equals(END)) {
                    endSeen = true;
                } else if (notices) {
                    pending.add(new LogEvent.Notice(comment));
                }
            }
        }));
    }

    /**
     * Whether another event follows, waiting for it if needed.
     *
     * @throws JlsIoException if the connection fails (not when this stream was closed)
     */
    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && !ended) {
            if (closed) {
                ended = true;
                break;
            }
            try {
                if (!reader.pump() || endSeen) {
                    ended = true;
                    response.close();
                }
            } catch (IOException e) {
                ended = true;
                response.close();
                if (!closed) {
                    throw new JlsIoException("the log stream failed: " + e.getMessage(), e);
                }
            }
        }
        return !pending.isEmpty();
    }

    /** The next event, waiting for it if needed. */
    @Override
    public LogEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the log stream has ended");
        }
        return pending.poll();
    }

    /**
     * The events as a sequential stream; closing it closes this log stream. May be called once.
     *
     * @throws IllegalStateException if called twice
     */
    public Stream<LogEvent> stream() {
        if (streamed) {
            throw new IllegalStateException("stream() may be called once");
        }
        streamed = true;
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** Stops the stream and cancels its HTTP call. Idempotent; may be called from any thread. */
    @Override
    public void close() {
        closed = true;
        response.close();
    }
}
