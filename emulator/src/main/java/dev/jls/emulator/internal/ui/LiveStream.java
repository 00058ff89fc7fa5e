package dev.jls.emulator.internal.ui;

import dev.jls.emulator.internal.core.ClusterEvent;
import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.http.ExchangeWriter;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.XnioExecutor;

/**
 * One page's live parts as {@code text/event-stream}, for htmx's SSE extension: each part is an event
 * named after it whose data is the part's new markup, sent when it changed. The parts are rendered
 * again shortly after each event of the core that concerns the page, and every second (durations and
 * rates move with time). Everything runs on the exchange's IO thread, which waits for nothing.
 */
final class LiveStream {

    private static final Logger LOG = Logger.getLogger(LiveStream.class.getName());
    /** How long after a core event the parts are rendered: the events of one change arrive together. */
    private static final long SETTLE_MILLIS = 100;

    private static final long TICK_MILLIS = 1000;
    private static final int PING_TICKS = 15;

    /** One named part of the page. */
    record Part(String event, String data) {}

    /** Renders the parts; they go out as they are, unless one is unchanged since last sent. */
    interface Source {
        /** The parts, rendered on {@code io}: the core's thread never renders. */
        CompletableFuture<List<Part>> render(Executor io);
    }

    private final HttpServerExchange ex;
    private final ControlPlane plane;
    private final Predicate<ClusterEvent> concerns;
    private final Source source;
    private final ExchangeWriter writer;
    private final Map<String, String> sent = new HashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    // on the IO thread only
    private boolean rendering;
    private boolean again;
    private boolean settling;
    private int ticks;
    private XnioExecutor.Key timer;
    private volatile boolean closed;

    LiveStream(HttpServerExchange ex, ControlPlane plane, Predicate<ClusterEvent> concerns, Source source) {
        this.ex = ex;
        this.plane = plane;
        this.concerns = concerns;
        this.source = source;
        this.writer = new ExchangeWriter(ex, this::close);
    }

    /** Begins the stream; on the exchange's IO thread. */
    void start() {
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        ex.addExchangeCompleteListener((done, next) -> {
            close();
            next.proceed();
        });
        AutoCloseable subscription = plane.events().subscribe(plane.events().lastId(), kept -> {}, e -> {
            if (concerns.test(e)) {
                // told on the event loop, which never renders or writes itself
                ex.getIoThread().execute(this::settle);
            }
        });
        keep(subscription);
        send(": live\n\n");
        timer = ex.getIoThread().executeAtInterval(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
        if (closed) {
            timer.remove();
            return;
        }
        refresh();
    }

    /** Closes {@code resource} with the stream. */
    void keep(AutoCloseable resource) {
        boolean now;
        synchronized (resources) {
            now = closed;
            if (!now) {
                resources.add(resource);
            }
        }
        if (now) {
            closeQuietly(resource);
        }
    }

    /** Sends event {@code event} with {@code markup} now, whatever was sent before; from any thread. */
    void event(String event, String markup) {
        send(frame(event, markup));
    }

    private void settle() {
        if (!settling) {
            settling = true;
            ex.getIoThread()
                    .executeAfter(
                            () -> {
                                settling = false;
                                refresh();
                            },
                            SETTLE_MILLIS,
                            TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        if (++ticks % PING_TICKS == 0) {
            send(": ping\n\n");
        }
        refresh();
    }

    private void refresh() {
        if (closed) {
            return;
        }
        if (rendering) {
            again = true;
            return;
        }
        rendering = true;
        CompletableFuture<List<Part>> parts;
        try {
            parts = source.render(ex.getIoThread());
        } catch (RuntimeException e) {
            parts = CompletableFuture.failedFuture(e);
        }
        parts.whenCompleteAsync(
                (list, failure) -> {
                    rendering = false;
                    if (failure != null) {
                        // the page's subject is gone (deleted, forgotten): the stream ends, the page stays
                        LOG.log(Level.FINE, "a live part could not be rendered", failure);
                        send(frame("gone", ""));
                        writer.close();
                        close();
                        return;
                    }
                    for (Part p : list) {
                        if (!p.data().equals(sent.put(p.event(), p.data()))) {
                            send(frame(p.event(), p.data()));
                        }
                    }
                    if (again) {
                        again = false;
                        refresh();
                    }
                },
                ex.getIoThread());
    }

    private static String frame(String event, String data) {
        StringBuilder sb = new StringBuilder("event: ").append(event).append('\n');
        for (String line : data.replace("\r", "").split("\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }

    private void send(String text) {
        writer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null);
    }

    private void close() {
        List<AutoCloseable> toClose;
        synchronized (resources) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        XnioExecutor.Key t = timer;
        if (t != null) {
            t.remove();
        }
        toClose.forEach(LiveStream::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing a live subscription failed", e);
        }
    }
}
