package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.core.WorkerHandle;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.XnioExecutor;

/**
 * {@code GET /management/{id}/logs?tail=100&follow=true&worker=N}: the workers' log lines as
 * {@code text/event-stream}, {@code data: <line>} each, notices as SSE comments. A followed stream
 * ends with {@code : all streams ended} once its deployment is gone or the emulator stops.
 */
final class LogsRoute extends ApiRoute {

    private static final Logger LOG = Logger.getLogger(LogsRoute.class.getName());
    private static final long KEEP_ALIVE_SECONDS = 15;

    LogsRoute(ServerContext c) {
        super(c, ErrorStyle.FASTAPI, false);
    }

    @Override
    void handle(Call call) {
        HttpServerExchange ex = call.exchange();
        List<FieldError> errors = new ArrayList<>();
        int tail = intParam(call, "tail", 100, errors);
        boolean follow = call.query("follow")
                .map(v -> v.equalsIgnoreCase("true") || v.equals("1"))
                .orElse(false);
        int worker = intParam(call, "worker", -1, errors);
        if (!errors.isEmpty()) {
            Responses.fieldErrors(ex, style(), "query", errors);
            return;
        }
        OptionalLong only = worker >= 0 ? OptionalLong.of(worker) : OptionalLong.empty();
        String deploymentId = call.path("id");
        context()
                .plane()
                .workerHandles(call.tenant(), deploymentId, only)
                .whenCompleteAsync(
                        (handles, e) -> {
                            if (e != null) {
                                Responses.failure(ex, style(), e);
                                return;
                            }
                            new Session(ex, call.tenant(), deploymentId, only, follow).start(handles, tail);
                        },
                        ex.getIoThread());
    }

    private static int intParam(Call call, String name, int absent, List<FieldError> errors) {
        String v = call.query(name).orElse(null);
        if (v == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                errors.add(new FieldError(name, "must not be negative"));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be an integer"));
            return absent;
        }
    }

    /** One client's log stream. */
    private final class Session implements WorkerLogFeed.Follower {
        private final HttpServerExchange ex;
        private final String tenant;
        private final String deploymentId;
        private final OptionalLong only;
        private final boolean follow;
        private final ExchangeWriter writer;
        private final List<AutoCloseable> subscriptions = new ArrayList<>();
        private final Set<Long> followed = new HashSet<>();
        private XnioExecutor.Key keepAlive;
        private boolean closed;
        private final CompletableFuture<Void> finished = new CompletableFuture<>();

        Session(HttpServerExchange ex, String tenant, String deploymentId, OptionalLong only, boolean follow) {
            this.ex = ex;
            this.tenant = tenant;
            this.deploymentId = deploymentId;
            this.only = only;
            this.follow = follow;
            this.writer = new ExchangeWriter(ex, this::close);
        }

        void start(List<WorkerHandle> handles, int tail) {
            ex.addExchangeCompleteListener((done, next) -> {
                finished.complete(null);
                next.proceed();
            });
            ex.setStatusCode(200);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            StringBuilder first = new StringBuilder();
            if (handles.isEmpty()) {
                first.append(": no active workers\n\n");
            }
            for (WorkerHandle h : handles) {
                List<String> lines = h.logTail();
                for (String line : lines.subList(Math.max(0, lines.size() - tail), lines.size())) {
                    event(first, line);
                }
            }
            if (!follow) {
                send(first.length() == 0 ? ": end of log\n\n" : first.toString());
                writer.close();
                return;
            }
            send(first.length() == 0 ? ": following\n\n" : first.toString());
            synchronized (this) {
                subscriptions.add(context().logs().follow(deploymentId, this));
                for (WorkerHandle h : handles) {
                    workerLaunched(h);
                }
                keepAlive = ex.getIoThread()
                        .executeAtInterval(() -> send(": keep-alive\n\n"), KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            }
            // removed between the lookup and the subscription: the feed will not tell of it any more
            if (context().plane().spec(tenant, deploymentId).isEmpty()) {
                ended();
            }
        }

        @Override
        public CompletableFuture<Void> ended() {
            synchronized (this) {
                if (closed) {
                    return finished;
                }
                closed = true;
            }
            send(": all streams ended\n\n");
            writer.close();
            close();
            return finished;
        }

        @Override
        public synchronized void workerLaunched(WorkerHandle h) {
            if (closed || (only.isPresent() && only.getAsLong() != h.workerId()) || !followed.add(h.workerId())) {
                return;
            }
            subscriptions.add(h.followLogs(line -> {
                StringBuilder sb = new StringBuilder();
                event(sb, line);
                send(sb.toString());
            }));
        }

        private void send(String text) {
            writer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), null);
        }

        private void close() {
            List<AutoCloseable> toClose;
            synchronized (this) {
                closed = true;
                toClose = new ArrayList<>(subscriptions);
                subscriptions.clear();
            }
            XnioExecutor.Key timer;
            synchronized (this) {
                timer = keepAlive;
            }
            if (timer != null) {
                timer.remove();
            }
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "closing a log subscription failed", e);
                }
            }
        }
    }

    private static void event(StringBuilder sb, String line) {
        sb.append("data: ").append(line.replace("\r", "").replace("\n", " ")).append("\n\n");
    }
}
