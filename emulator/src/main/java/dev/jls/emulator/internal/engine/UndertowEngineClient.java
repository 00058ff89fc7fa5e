package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * An {@link EngineClient} on Undertow's HTTP client: every engine connection is a non-blocking channel
 * of one small XNIO worker, so forwarding costs no thread per exchange and no blocked thread per
 * stream. The answer is read on the connection's IO thread and handed on from there; the next piece is
 * read only once the last was passed on ({@code more}), with reads suspended meanwhile, so a slow
 * client slows the engine through TCP rather than filling memory.
 *
 * <p>Connections are kept alive per port, as {@link Http1EngineClient} keeps them, and a kept-alive one
 * the engine closed meanwhile is redialled once, before any of the answer came.
 */
public final class UndertowEngineClient implements EngineClient {

    /** Below the JDK HTTP server's idle timeout (30 s), as {@link Http1EngineClient}'s. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final OptionMap CONNECTION_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final XnioWorker worker;
    /** The connections' own read and write buffers. */
    private final DefaultByteBufferPool connectionBuffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 4);
    /** The pieces handed to listeners: heap buffers, so that a kept answer is copied straight from them. */
    private final DefaultByteBufferPool pieceBuffers = new DefaultByteBufferPool(false, BUFFER_BYTES, -1, 4);

    private final UndertowClient undertow = UndertowClient.getInstance();
    /** Idle kept-alive connections by port, the most recently used first. */
    private final Map<Integer, ConcurrentLinkedDeque<Idle>> idle = new ConcurrentHashMap<>();

    private final Map<Integer, URI> uris = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private record Idle(ClientConnection connection, long since) {}

    public UndertowEngineClient() {
        Xnio xnio = Xnio.getInstance(UndertowClient.class.getClassLoader());
        try {
            // engines are on this host and every callback is short: one or two IO threads carry them all
            int ioThreads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
            this.worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_NAME, "jls-engine-client")
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 1)
                    .set(Options.WORKER_TASK_MAX_THREADS, 1)
                    .set(Options.THREAD_DAEMON, true)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the engine client's IO threads", e);
        }
    }

    @Override
    public EngineExchange send(int port, String path, byte[] body, Listener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the engine client is closed");
        }
        Exchange exchange = new Exchange(port, path, body, listener);
        ClientConnection pooled = pooled(port);
        if (pooled != null) {
            pooled.getIoThread().execute(() -> exchange.attempt(pooled, true));
        } else {
            exchange.dial();
        }
        return exchange;
    }

    @Override
    public String errorMessage(int status, byte[] body) {
        return EngineErrorMessage.of(status, body);
    }

    @Override
    public void forget(int port) {
        ConcurrentLinkedDeque<Idle> deque = idle.remove(port);
        if (deque != null) {
            Idle c;
            while ((c = deque.pollFirst()) != null) {
                IoUtils.safeClose(c.connection());
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Integer port : idle.keySet()) {
            forget(port);
        }
        // connections still in an exchange are closed with the worker
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connectionBuffers.close();
        pieceBuffers.close();
    }

    /** A kept-alive open connection of {@code port}, or null. Stale ones are closed on the way. */
    private ClientConnection pooled(int port) {
        ConcurrentLinkedDeque<Idle> deque = idle.get(port);
        if (deque == null) {
            return null;
        }
        long now = System.nanoTime();
        Idle c;
        while ((c = deque.pollFirst()) != null) {
            if (c.connection().isOpen() && now - c.since() < KEEP_ALIVE_NANOS) {
                return c.connection();
            }
            IoUtils.safeClose(c.connection());
        }
        return null;
    }

    private void release(int port, ClientConnection c) {
        if (closed.get() || !c.isOpen()) {
            IoUtils.safeClose(c);
            return;
        }
        Idle entry = new Idle(c, System.nanoTime());
        idle.computeIfAbsent(port, p -> new ConcurrentLinkedDeque<>()).addFirst(entry);
        if (closed.get() && idle.get(port).remove(entry)) {
            IoUtils.safeClose(c);
        }
    }

    private URI uri(int port) {
        return uris.computeIfAbsent(port, p -> URI.create("http://127.0.0.1:" + p));
    }

    private final class Exchange implements EngineExchange {
        // the states of a piece handed to the listener, against its more
        private static final int READING = 0;
        private static final int PASSING = 1;
        private static final int MORE_DURING_PASS = 2;
        private static final int WAITING_FOR_MORE = 3;

        private final int port;
        private final String path;
        private final byte[] body;
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicInteger pieceState = new AtomicInteger(READING);
        private final Runnable more = this::more;
        private volatile boolean aborted;
        // guarded by this: what abort must close
        private ClientConnection connection;
        private IoFuture<ClientConnection> connecting;
        // on the answering connection's IO thread only
        private StreamSourceChannel source;
        private PooledByteBuffer piece;
        private XnioIoThread ioThread;

        Exchange(int port, String path, byte[] body, Listener listener) {
            this.listener = listener;
            this.port = port;
            this.path = path;
            this.body = body;
        }

        @Override
        public void abort() {
            ClientConnection c;
            IoFuture<ClientConnection> f;
            synchronized (this) {
                aborted = true;
                c = connection;
                f = connecting;
            }
            if (f != null) {
                f.cancel();
            }
            if (c != null) {
                // the engine sees the close and stops; the connection is never pooled again. It is
                // closed on its own IO thread: closed from here, while that thread reads from it, the
                // connection could be left open, and the engine would go on writing into it.
                try {
                    c.getIoThread().execute(() -> IoUtils.safeClose(c));
                } catch (RejectedExecutionException workerGone) {
                    IoUtils.safeClose(c);
                }
            }
        }

        void dial() {
            IoFuture<ClientConnection> f = undertow.connect(uri(port), worker, connectionBuffers, CONNECTION_OPTIONS);
            synchronized (this) {
                connecting = f;
            }
            if (aborted) {
                f.cancel();
            }
            XnioExecutor.Key timeout =
                    worker.getIoThread().executeAfter(f::cancel, CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            f.addNotifier(
                    new IoFuture.HandlingNotifier<ClientConnection, Void>() {
                        @Override
                        public void handleDone(ClientConnection c, Void unused) {
                            timeout.remove();
                            c.getIoThread().execute(() -> attempt(c, false));
                        }

                        @Override
                        public void handleFailed(IOException e, Void unused) {
                            timeout.remove();
                            fail(e);
                        }

                        @Override
                        public void handleCancelled(Void unused) {
                            timeout.remove();
                            fail(new SocketTimeoutException("connecting to the engine on port " + port
                                    + " took longer than " + CONNECT_TIMEOUT_MILLIS + " ms"));
                        }
                    },
                    null);
        }

        /** Sends the request on {@code c}; runs on {@code c}'s IO thread. */
        void attempt(ClientConnection c, boolean reused) {
            synchronized (this) {
                connecting = null;
                connection = c;
            }
            if (aborted) {
                IoUtils.safeClose(c);
                return;
            }
            AtomicBoolean over = new AtomicBoolean();
            ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath(path);
            request.getRequestHeaders()
                    .put(Headers.HOST, "127.0.0.1:" + port)
                    .put(Headers.ACCEPT, "application/json, text/event-stream")
                    .put(Headers.CONTENT_TYPE, "application/json")
                    .put(Headers.CONTENT_LENGTH, body.length);
            c.sendRequest(request, new ClientCallback<>() {
                @Override
                public void completed(ClientExchange exchange) {
                    exchange.setResponseListener(new ClientCallback<>() {
                        @Override
                        public void completed(ClientExchange answered) {
                            if (over.compareAndSet(false, true)) {
                                answer(c, answered);
                            }
                        }

                        @Override
                        public void failed(IOException e) {
                            failedBeforeAnswer(c, reused, over, e);
                        }
                    });
                    writeBody(c, reused, over, exchange.getRequestChannel());
                }

                @Override
                public void failed(IOException e) {
                    failedBeforeAnswer(c, reused, over, e);
                }
            });
        }

        private void writeBody(ClientConnection c, boolean reused, AtomicBoolean over, StreamSinkChannel sink) {
            ByteBuffer data = ByteBuffer.wrap(body);
            boolean[] shut = {false};
            ChannelListener<StreamSinkChannel> writer = ch -> {
                try {
                    while (data.hasRemaining()) {
                        if (ch.write(data) == 0) {
                            ch.resumeWrites();
                            return;
                        }
                    }
                    if (!shut[0]) {
                        shut[0] = true;
                        ch.shutdownWrites();
                    }
                    if (!ch.flush()) {
                        ch.resumeWrites();
                        return;
                    }
                    ch.suspendWrites();
                } catch (IOException e) {
                    failedBeforeAnswer(c, reused, over, e);
                }
            };
            sink.getWriteSetter().set(writer);
            writer.handleEvent(sink);
        }

        /**
         * A kept-alive connection the engine had closed before it got the request is no failure of the
         * request: it is sent again, once, on a fresh connection.
         */
        private void failedBeforeAnswer(ClientConnection c, boolean reused, AtomicBoolean over, IOException e) {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            IoUtils.safeClose(c);
            if (reused && !aborted && !closed.get()) {
                dial();
            } else {
                fail(e);
            }
        }

        private void answer(ClientConnection c, ClientExchange exchange) {
            if (aborted) {
                return;
            }
            String contentType = exchange.getResponse().getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
            listener.onResponse(
                    exchange.getResponse().getResponseCode(), contentType == null ? "application/json" : contentType);
            ioThread = c.getIoThread();
            source = exchange.getResponseChannel();
            piece = pieceBuffers.allocate();
            source.getReadSetter().set(ch -> read(c));
            read(c);
        }

        /**
         * Reads what the engine has sent and hands it on; stops with reads suspended while a piece is
         * with the listener. On the connection's IO thread.
         */
        private void read(ClientConnection c) {
            ByteBuffer b = piece.getBuffer();
            try {
                while (!aborted) {
                    b.clear();
                    int n = source.read(b);
                    if (n == 0) {
                        source.resumeReads();
                        return;
                    }
                    if (n < 0) {
                        end(c);
                        return;
                    }
                    b.flip();
                    source.suspendReads();
                    pieceState.set(PASSING);
                    listener.onData(b, more);
                    if (pieceState.compareAndSet(PASSING, WAITING_FOR_MORE)) {
                        return;
                    }
                    // more ran while the piece was with the listener: go on reading here
                    pieceState.set(READING);
                }
                piece.close();
            } catch (IOException e) {
                piece.close();
                IoUtils.safeClose(c);
                fail(e);
            }
        }

        private void more() {
            if (pieceState.compareAndSet(PASSING, MORE_DURING_PASS)) {
                return;
            }
            if (pieceState.compareAndSet(WAITING_FOR_MORE, READING)) {
                ClientConnection c;
                synchronized (this) {
                    c = connection;
                }
                if (c != null) {
                    ioThread.execute(() -> read(c));
                }
            }
        }

        private void end(ClientConnection c) {
            piece.close();
            // a connection goes back to the pool only when the exchange still owns it: a later abort must
            // not close it under another exchange
            boolean handBack;
            synchronized (this) {
                handBack = !aborted;
                connection = null;
            }
            if (handBack) {
                release(port, c);
            } else {
                IoUtils.safeClose(c);
            }
            if (!aborted && ended.compareAndSet(false, true)) {
                listener.onComplete();
            }
        }

        private void fail(Throwable e) {
            if (!aborted && ended.compareAndSet(false, true)) {
                listener.onFailure(e);
            }
        }
    }
}
