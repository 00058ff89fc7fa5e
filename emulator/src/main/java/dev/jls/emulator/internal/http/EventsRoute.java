package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.ClusterEvent;
import dev.jls.emulator.internal.core.FieldError;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.XnioExecutor;

/**
 * {@code GET /_emulator/events?deployment=ID&request=ID}: the emulator's recorded events of the caller's
 * own tenant as {@code text/event-stream}, an emulator extension. Each event is {@code id: N} and
 * {@code data: {json}}; the stream starts with every kept event (after the one a {@code Last-Event-ID}
 * header names, to resume), then follows new ones as they happen, with a {@code : ping} comment every
 * ping interval (15 s), until the client goes away or the emulator stops.
 */
final class EventsRoute extends ApiRoute {

    private static final Logger LOG = Logger.getLogger(EventsRoute.class.getName());
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

    EventsRoute(ServerContext c) {
        super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
        HttpServerExchange ex = call.exchange();
        String deployment = call.query("deployment").orElse(null);
        String request = call.query("request").orElse(null);
        long after = 0;
        String last = ex.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (last != null && !last.isBlank()) {
            try {
                after = Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                Responses.fieldErrors(
                        ex, style(), "header", List.of(new FieldError("Last-Event-ID", "must be an event id")));
                return;
            }
        }
        String tenant = call.tenant();
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        Stream stream = new Stream(ex, tenant, deployment, request);
        stream.start(after);
    }

    /** One client's stream. */
    private final class Stream {
        private final HttpServerExchange ex;
        private final String tenant;
        private final String deployment;
        private final String request;
        private final ExchangeWriter writer;
        // guarded by this
        private AutoCloseable subscription;
        private XnioExecutor.Key ping;
        private boolean closed;

        Stream(HttpServerExchange ex, String tenant, String deployment, String request) {
            this.ex = ex;
            this.tenant = tenant;
            this.deployment = deployment;
            this.request = request;
            this.writer = new ExchangeWriter(ex, this::close);
        }

        void start(long after) {
            ex.addExchangeCompleteListener((done, next) -> {
                close();
                next.proceed();
            });
            // the kept events are taken under the log's lock and written after it: a long backlog must
            // not hold up the event loop; new ones come through this IO thread's queue, so after them
            List<List<ClusterEvent>> kept = new ArrayList<>(1);
            AutoCloseable s = context().plane().events().subscribe(after, kept::add, e -> {
                if (shown(e)) {
                    StringBuilder sb = new StringBuilder();
                    event(sb, e);
                    // told on the event loop, which never writes to a client itself
                    ex.getIoThread().execute(() -> send(sb.toString()));
                }
            });
            StringBuilder sb = new StringBuilder(": events of this API key\n\n");
            for (ClusterEvent e : kept.get(0)) {
                if (shown(e)) {
                    event(sb, e);
                }
            }
            send(sb.toString());
            long every = context().logPing().toMillis();
            XnioExecutor.Key timer =
                    ex.getIoThread().executeAtInterval(() -> send(": ping\n\n"), every, TimeUnit.MILLISECONDS);
            synchronized (this) {
                subscription = s;
                ping = timer;
                if (!closed) {
                    return;
                }
            }
            close();
        }

        private boolean shown(ClusterEvent e) {
            return tenant.equals(e.tenant())
                    && (deployment == null || deployment.equals(e.deploymentId()))
                    && (request == null || request.equals(e.requestId()));
        }

        private void send(String text) {
            writer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null);
        }

        private void close() {
            AutoCloseable s;
            XnioExecutor.Key timer;
            synchronized (this) {
                closed = true;
                s = subscription;
                timer = ping;
                subscription = null;
                ping = null;
            }
            if (timer != null) {
                timer.remove();
            }
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "ending an events subscription failed", e);
                }
            }
        }
    }

    private static void event(StringBuilder sb, ClusterEvent e) {
        ObjectNode o = Responses.JSON.createObjectNode();
        o.put("id", e.id());
        o.put("time", e.time().toString());
        o.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        o.put("deployment_id", e.deploymentId());
        if (e.requestId() != null) {
            o.put("request_id", e.requestId());
        }
        if (e.workerId() != 0) {
            o.put("worker_id", e.workerId());
        }
        o.put("state", e.state());
        o.put("message", e.message());
        ObjectNode details = o.putObject("details");
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            details.put(d.getKey(), d.getValue());
        }
        try {
            sb.append("id: ")
                    .append(e.id())
                    .append("\ndata: ")
                    .append(Responses.JSON.writeValueAsString(o))
                    .append("\n\n");
        } catch (JsonProcessingException x) {
            throw new IllegalStateException("a JSON tree always serialises", x);
        }
    }
}
