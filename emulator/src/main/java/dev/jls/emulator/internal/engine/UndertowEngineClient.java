package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import dev.jls.emulator.internal.io.IoThreads;
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
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.ChannelListener;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * An {@link EngineClient} on Undertow's HTTP client: every engine connection is a non-blocking channel
 * of an XNIO IO thread, so forwarding costs no thread per exchange and no blocked thread per stream.
 * Given the emulator's own {@link IoThreads}, an exchange runs on the IO thread of the client's
 * connection when the listener names it ({@link Listener#preferredThread()}): the engine's answer is then
 * read and written to the client by one thread, with no hand-over per piece. The next piece is read only
 * once the last was passed on ({@code more}), with reads suspended meanwhile, so a slow client slows the
 * engine through TCP rather than filling memory.
 *
 * <p>Connections are kept alive per engine address and per IO thread, and a kept-alive one the engine closed
 * meanwhile is redialled once, before any of the answer came.
 */
public final class UndertowEngineClient implements EngineClient {

    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final OptionMap CONNECTION_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final IoThreads io;
    /** Whether the IO threads are this client's own, to stop with it. */
    private final boolean ownThreads;
    /** The pieces handed to listeners: heap buffers, so that a kept answer is copied straight from them. */
    private final DefaultByteBufferPool pieceBuffers = new DefaultByteBufferPool(false, BUFFER_BYTES, -1, 4);

    private final UndertowClient undertow = UndertowClient.getInstance();
    private final IdleConnections<ClientConnection> idle =
            new IdleConnections<>(ClientConnection::getIoThread, ClientConnection::isOpen, IoUtils::safeClose);
    /** Every connection open, idle or in an exchange: what {@link #close()} must close. */
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();

    private final Map<EngineAddress, URI> uris = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A client on IO threads of its own (one or two), stopped by {@link #close()}. */
    public UndertowEngineClient() {
        this(IdleConnections.ownThreads(), true);
    }

    /** A client on the emulator's IO threads; {@link #close()} closes its connections, not the threads. */
    public UndertowEngineClient(IoThreads io) {
        this(io, false);
    }

    private UndertowEngineClient(IoThreads io, boolean ownThreads) {
        this.io = io;
        this.ownThreads = ownThreads;
    }

    @Override
    public EngineExchange send(EngineAddress address, String path, byte[] body, Listener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the engine client is closed");
        }
        IdleConnections.Choice<ClientConnection> where = idle.choose(address, listener.preferredThread(), io.worker());
        XnioIoThread thread = where.thread();
        ClientConnection pooled = where.pooled();
        Exchange exchange = new Exchange(address, path, body, listener, thread);
        if (pooled != null) {
            IdleConnections.runOn(thread, () -> exchange.attempt(pooled, true));
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
    public void forget(EngineAddress address) {
        uris.remove(address);
        idle.closeAll(address);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        idle.closeAll();
        // connections still in an exchange: their listeners hear of the close as a failure
        for (ClientConnection c : open) {
            IoUtils.safeClose(c);
        }
        if (ownThreads) {
            io.close();
        }
        pieceBuffers.close();
    }

    /** Notes a new connection among the open ones until it closes; closes it when the client closed meanwhile. */
    private void opened(ClientConnection c) {
        open.add(c);
        c.addCloseListener(open::remove);
        if (closed.get()) {
            IoUtils.safeClose(c);
        }
    }

    private URI uri(EngineAddress address) {
        return uris.computeIfAbsent(address, a -> URI.create("http://" + a.authority()));
    }

    private final class Exchange implements EngineExchange {
        // the states of a piece handed to the listener, against its more
        private static final int READING = 0;
        private static final int PASSING = 1;
        private static final int MORE_DURING_PASS = 2;
        private static final int WAITING_FOR_MORE = 3;

        private final EngineAddress address;
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
        private boolean answerRead;
        private IOException readFailure;
        private final XnioIoThread ioThread;

        Exchange(EngineAddress address, String path, byte[] body, Listener listener, XnioIoThread ioThread) {
            this.listener = listener;
            this.ioThread = ioThread;
            this.address = address;
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
            IoFuture<ClientConnection> f = undertow.connect(uri(address), ioThread, io.buffers(), CONNECTION_OPTIONS);
            synchronized (this) {
                connecting = f;
            }
            if (aborted) {
                f.cancel();
            }
            XnioExecutor.Key timeout = ioThread.executeAfter(f::cancel, CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            f.addNotifier(
                    new IoFuture.HandlingNotifier<ClientConnection, Void>() {
                        @Override
                        public void handleDone(ClientConnection c, Void unused) {
                            timeout.remove();
                            opened(c);
                            IdleConnections.runOn(c.getIoThread(), () -> attempt(c, false));
                        }

                        @Override
                        public void handleFailed(IOException e, Void unused) {
                            timeout.remove();
                            fail(e);
                        }

                        @Override
                        public void handleCancelled(Void unused) {
                            timeout.remove();
                            fail(new SocketTimeoutException("connecting to the engine at " + address
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
                    .put(Headers.HOST, address.authority())
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
            if (pieceState.get() != READING) {
                // a read listener call or a stale task while a piece is with the listener: more resumes
                return;
            }
            ByteBuffer b = piece.getBuffer();
            try {
                while (!aborted) {
                    if (answerRead) {
                        end(c);
                        return;
                    }
                    if (readFailure != null) {
                        throw readFailure;
                    }
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
                    // whatever else the engine has already sent goes in the same piece: a chunked
                    // answer's read stops at each chunk's end, and each piece costs the client a write
                    try {
                        while (b.hasRemaining()) {
                            int m = source.read(b);
                            if (m <= 0) {
                                answerRead = m < 0;
                                break;
                            }
                        }
                    } catch (IOException e) {
                        // what was read before the failure is passed on first
                        readFailure = e;
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
                    IdleConnections.runOn(c.getIoThread(), () -> read(c));
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
                idle.put(address, c, closed::get);
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
