package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.io.IoThreads;
import dev.jls.emulator.internal.ui.Dashboard;
import dev.jls.emulator.internal.workers.FaultInjector;
import io.undertow.UndertowOptions;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * The emulator's HTTP server: Undertow on one host and port, serving API.md from the routes table.
 * Knows nothing of worker processes; everything goes through the {@link ControlPlane}.
 */
public final class EmulatorServer implements AutoCloseable {

    // The server's own start-up chatter (versions, thread pools) says nothing the emulator's lines do
    // not, and in a user's test output it is noise. Held here because the JDK keeps loggers only weakly.
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss.threads"));

    static {
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    /** Undertow's own limit on request line and headers; ours (431 JSON) is below it. */
    private static final int PARSER_MAX_HEAD_BYTES = 1024 * 1024;
    /** Undertow's own limit on header fields; ours (431 JSON) is below it. */
    private static final int PARSER_MAX_HEADERS = 1000;

    /**
     * The limits of the server's connections.
     *
     * @param maxBodyBytes the largest request body accepted; larger ones get 413
     * @param headerTimeout how long a request line and headers may take to arrive, once begun
     * @param bodyTimeout how long a request body may take to arrive, from the end of the headers
     * @param keepAliveTimeout how long a connection may stay open with no request under way
     * @param logPing how often a followed log stream, which the client never writes to, sends a
     *     {@code : ping} comment
     */
    public record Limits(
            long maxBodyBytes,
            Duration headerTimeout,
            Duration bodyTimeout,
            Duration keepAliveTimeout,
            Duration logPing) {

        /** The hosted service's interval between a log stream's {@code : ping} comments. */
        public static final Duration DEFAULT_LOG_PING = Duration.ofSeconds(15);

        public Limits {
            if (logPing.isNegative() || logPing.isZero()) {
                throw new IllegalArgumentException("logPing must be positive, was " + logPing);
            }
        }
    }

    private final String host;
    private final int requestedPort;
    private final IoThreads io;
    private final HttpOpenListener openListener;
    private final RefusalAnswers refusals;
    private final OptionMap serverOptions;
    private final Connections connections = new Connections();
    private AcceptingChannel<StreamConnection> channel;
    private final WorkerLogFeed logs;
    private final ServerContext context;
    private final Dashboard dashboard;
    private boolean started;
    private int port;

    /**
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for a free one
     * @param apiKeys the accepted keys, one tenant each
     * @param limits the limits of the server's connections
     * @param io the IO threads to serve on; the server closes its own connections, not the threads
     * @param faults where the admin routes set faults; empty when they are off
     */
    public EmulatorServer(
            ControlPlane plane,
            String host,
            int port,
            List<String> apiKeys,
            Limits limits,
            String version,
            IoThreads io,
            Optional<FaultInjector> faults) {
        this.logs = new WorkerLogFeed();
        plane.addListener(logs);
        this.context = new ServerContext(plane, new ApiKeys(apiKeys), version, logs, limits.logPing());
        this.dashboard = DashboardRoutes.dashboard(context);
        this.host = host;
        this.requestedPort = port;
        this.io = io;
        this.serverOptions = OptionMap.builder()
                .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .set(UndertowOptions.ALWAYS_SET_DATE, false)
                // the front counts bodies against the limit itself, and reads an over-limit one to its end
                // so that the 413 reaches the client; Undertow's limit only cuts off what is not worth that
                .set(UndertowOptions.MAX_ENTITY_SIZE, HttpFront.discardLimit(limits.maxBodyBytes()))
                .set(UndertowOptions.MAX_HEADER_SIZE, PARSER_MAX_HEAD_BYTES)
                .set(UndertowOptions.MAX_HEADERS, PARSER_MAX_HEADERS)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.keepAliveTimeout()))
                .getMap();
        this.refusals = new RefusalAnswers(PARSER_MAX_HEAD_BYTES, UndertowOptions.DEFAULT_MAX_PARAMETERS);
        this.openListener = new HttpOpenListener(io.buffers(), serverOptions);
        openListener.setRootHandler(new HttpFront(
                Routes.table(context, faults, dashboard), limits.maxBodyBytes(), millis(limits.bodyTimeout())));
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /**
     * Listens. This is what {@code Undertow.start()} does for one HTTP listener, except that each new
     * connection first gets the {@link RefusalAnswers} watch: Undertow offers no hook for that.
     */
    public void start() {
        try {
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1000)
                    .getMap();
            ChannelListener<StreamConnection> open = connection -> {
                connections.add(connection);
                refusals.install(connection);
                openListener.handleEvent(connection);
            };
            started = true;
            channel = io.worker()
                    .createStreamConnectionServer(
                            new InetSocketAddress(InetAddress.getByName(host), requestedPort),
                            ChannelListeners.openListenerAdapter(open),
                            socketOptions);
            channel.resumeAccepts();
            port = channel.getLocalAddress(InetSocketAddress.class).getPort();
        } catch (IOException e) {
            close();
            // The cause's words ("Address already in use") say why; a starter looks for them.
            throw new UncheckedIOException("cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
    }

    /**
     * The path that logs a browser into the dashboard as {@code apiKey}'s tenant, with a new one-time
     * token that lasts {@link Dashboard#BANNER_TOKEN}.
     *
     * @throws IllegalArgumentException when the key is not one the server accepts
     */
    public String dashboardLoginPath(String apiKey) {
        String tenant = context.keys()
                .tenantOf("Bearer " + apiKey)
                .orElseThrow(() -> new IllegalArgumentException("not an API key of this emulator"));
        return dashboard.loginPath(tenant, Dashboard.BANNER_TOKEN);
    }

    /** The port the server listens on, once started. */
    public int port() {
        return port;
    }

    /**
     * Ends the followed log streams (each with its closing comment), then stops listening and closes
     * every connection the server accepted: idle keep-alives and long polls are closed, not awaited, as
     * Undertow's own stop does.
     */
    @Override
    public void close() {
        if (started) {
            started = false;
            try {
                // a client that does not read may hold its stream's end back; it gets its close, not more
                logs.endAll().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // what could not be sent in time is cut off by the stop
            }
        }
        IoUtils.safeClose(channel);
        channel = null;
        connections.closeAll();
    }

    /**
     * The connections the server accepted and has not seen closed. Pruned of closed ones as it grows,
     * so that it never holds more than about twice the connections open at once.
     */
    private static final class Connections {
        private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();
        private final AtomicInteger pruneAt = new AtomicInteger(64);

        void add(StreamConnection c) {
            open.add(c);
            int size = open.size();
            int limit = pruneAt.get();
            if (size >= limit && pruneAt.compareAndSet(limit, Integer.MAX_VALUE)) {
                open.removeIf(x -> !x.isOpen());
                pruneAt.set(Math.max(64, open.size() * 2));
            }
        }

        void closeAll() {
            for (StreamConnection c : open) {
                IoUtils.safeClose(c);
            }
            open.clear();
        }
    }
}
