package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.core.LogSources;
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
 * {@code text/event-stream}, as the hosted service sends them. The first event is the comment
 * {@code : deployment status is <status>}; each line is {@code data: [worker-N] <line>}. With no
 * running worker the stream says {@code : no active workers} and ends. Otherwise it ends with
 * {@code : all streams ended}: after the last lines when not following; when following, once its
 * deployment is gone or the emulator stops, with a {@code : ping} comment every ping interval
 * (15 s) meanwhile, so that proxies and clients see the connection is alive.
 */
final class LogsRoute extends ApiRoute {

    private static final Logger LOG = Logger.getLogger(LogsRoute.class.getName());
    private static final String ENDED = ": all streams ended\n\n";

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
                .logSources(call.tenant(), deploymentId, only)
                .whenCompleteAsync(
                        (sources, e) -> {
                            if (e != null) {
                                Responses.failure(ex, style(), e);
                                return;
                            }
                            new Session(ex, call.tenant(), deploymentId, only, follow).start(sources, tail);
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

        void start(LogSources sources, int tail) {
            ex.addExchangeCompleteListener((done, next) -> {
                finished.complete(null);
                next.proceed();
            });
            ex.setStatusCode(200);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream");
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            StringBuilder first = new StringBuilder()
                    .append(": deployment status is ")
                    .append(sources.status().wire())
                    .append("\n\n");
            List<WorkerHandle> handles = sources.workers();
            if (handles.isEmpty()) {
                // nothing to follow: the stream ends, and a client asks again once a worker runs
                send(first.append(": no active workers\n\n").toString());
                writer.close();
                return;
            }
            for (WorkerHandle h : handles) {
                List<String> lines = h.logTail();
                for (String line : lines.subList(Math.max(0, lines.size() - tail), lines.size())) {
                    event(first, h.workerId(), line);
                }
            }
            if (!follow) {
                send(first.append(ENDED).toString());
                writer.close();
                return;
            }
            synchronized (this) {
                // subscribed before anything is sent: a stop that comes once the client has seen a line
                // finds this stream and ends it with its closing comment (ended at once if under way)
                subscriptions.add(context().logs().follow(deploymentId, this));
                if (closed) {
                    return;
                }
            }
            send(first.toString());
            synchronized (this) {
                if (closed) {
                    return;
                }
                for (WorkerHandle h : handles) {
                    workerLaunched(h);
                }
                long every = context().logPing().toMillis();
                keepAlive = ex.getIoThread().executeAtInterval(() -> send(": ping\n\n"), every, TimeUnit.MILLISECONDS);
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
            send(ENDED);
            writer.close();
            close();
            return finished;
        }

        @Override
        public synchronized void workerLaunched(WorkerHandle h) {
            if (closed || (only.isPresent() && only.getAsLong() != h.workerId()) || !followed.add(h.workerId())) {
                return;
            }
            long workerId = h.workerId();
            subscriptions.add(h.followLogs(line -> {
                StringBuilder sb = new StringBuilder();
                event(sb, workerId, line);
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

    /** One line of worker {@code workerId}, tagged with it as the hosted service tags its lines. */
    private static void event(StringBuilder sb, long workerId, String line) {
        sb.append("data: [worker-")
                .append(workerId)
                .append("] ")
                .append(line.replace("\r", "").replace("\n", " "))
                .append("\n\n");
    }
}
