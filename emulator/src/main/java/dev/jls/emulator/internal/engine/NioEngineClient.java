package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import dev.jls.emulator.internal.io.IoThreads;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DefaultByteBufferPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * An {@link EngineClient} of the emulator's own: HTTP/1.1 over XNIO connections of the server's IO
 * threads, with {@link AnswerParser} reading the answers. It does what the forwarding path needs and
 * no more (a POST with a body, an answer passed on as it comes), for fewer system calls and wake-ups
 * than a general client: the request's head and body go in one gathering write; reads stay enabled for
 * the connection's whole life, kept alive or not, so that starting and ending an exchange changes
 * nothing in the selector; and a complete answer is never followed by a read that finds nothing
 * (docs/performance.md has the measurements that made it the default).
 *
 * <p>As with {@link UndertowEngineClient}, an exchange runs on the IO thread of the client's connection
 * when the listener names it, the next piece is read only once the last was passed on (reads are
 * suspended only while a piece is held past {@code onData}), and a kept-alive connection the engine
 * closed meanwhile is redialled once, before any of the answer came. An idle connection whose engine
 * closes it is closed at once: its reads are enabled, so the end is seen.
 */
public final class NioEngineClient implements EngineClient {

    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final OptionMap CONNECTION_OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final IoThreads io;
    private final boolean ownThreads;
    /** The buffers answers are read into and handed on from: heap ones, which the parser works on. */
    private final DefaultByteBufferPool pieceBuffers = new DefaultByteBufferPool(false, BUFFER_BYTES, -1, 4);

    private final IdleConnections<Connection> idle =
            new IdleConnections<>(c -> c.thread, c -> c.stream.isOpen(), Connection::close);
    /** Every connection open, idle or in an exchange: what {@link #close()} must close. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();

    private final Map<EngineAddress, InetSocketAddress> sockets = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A client on IO threads of its own (one or two), stopped by {@link #close()}. */
    public NioEngineClient() {
        this(IdleConnections.ownThreads(), true);
    }

    /** A client on the emulator's IO threads; {@link #close()} closes its connections, not the threads. */
    public NioEngineClient(IoThreads io) {
        this(io, false);
    }

    private NioEngineClient(IoThreads io, boolean ownThreads) {
        this.io = io;
        this.ownThreads = ownThreads;
    }

    @Override
    public EngineExchange send(EngineAddress address, String path, byte[] body, Listener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the engine client is closed");
        }
        Exchange exchange = new Exchange(address, requestHead(address, path, body.length), body, listener);
        IdleConnections.Choice<Connection> where = idle.choose(address, listener.preferredThread(), io.worker());
        XnioIoThread thread = where.thread();
        Connection pooled = where.pooled();
        if (pooled != null) {
            IdleConnections.runOn(thread, () -> exchange.attempt(pooled));
        } else {
            IdleConnections.runOn(thread, () -> exchange.dial(thread));
        }
        return exchange;
    }

    private static ByteBuffer requestHead(EngineAddress address, String path, int length) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("an engine path must have no spaces or control characters: " + path);
            }
        }
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + address.authority()
                + "\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        return ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String errorMessage(int status, byte[] body) {
        return EngineErrorMessage.of(status, body);
    }

    @Override
    public void forget(EngineAddress address) {
        sockets.remove(address);
        idle.closeAll(address);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        idle.closeAll();
        // connections still in an exchange: their exchanges hear of the close as a failure
        for (Connection c : open) {
            c.close();
        }
        if (ownThreads) {
            io.close();
        }
        pieceBuffers.close();
    }

    private InetSocketAddress socket(EngineAddress address) {
        return sockets.computeIfAbsent(address, a -> new InetSocketAddress(a.host(), a.port()));
    }

    /**
     * One connection to an engine, on one IO thread, carrying one exchange at a time. Its read listener
     * stays installed and enabled from the connect to the close: it reads for the exchange under way, or,
     * while the connection is idle, sees the engine close it.
     */
    private final class Connection {
        final StreamConnection stream;
        final XnioIoThread thread;
        final EngineAddress address;
        final ConduitStreamSourceChannel source;
        final ConduitStreamSinkChannel sink;
        /** On the IO thread only: the exchange the connection carries, null while idle. */
        Exchange current;
        /** Whether it carried an exchange before the current one: a failure before any answer is redialled. */
        boolean used;

        Connection(StreamConnection stream, EngineAddress address) {
            this.stream = stream;
            this.thread = stream.getIoThread();
            this.address = address;
            this.source = stream.getSourceChannel();
            this.sink = stream.getSinkChannel();
            open.add(this);
            stream.setCloseListener(s -> closed());
            source.getReadSetter().set(ch -> readable());
            source.resumeReads();
            if (NioEngineClient.this.closed.get()) {
                close();
            }
        }

        private void readable() {
            Exchange e = current;
            if (e != null) {
                e.readable(this);
                return;
            }
            // idle: the engine may only close its end; anything else is no answer to anything
            ByteBuffer scratch = ByteBuffer.allocate(64);
            try {
                if (source.read(scratch) != 0) {
                    remove();
                    close();
                }
            } catch (IOException gone) {
                remove();
                close();
            }
        }

        private void remove() {
            idle.remove(address, this, thread);
        }

        /** Closes the connection, on its IO thread (closed from another while that thread reads, it could stay open). */
        void close() {
            if (Thread.currentThread() == thread) {
                IoUtils.safeClose(stream);
                return;
            }
            try {
                thread.execute(() -> IoUtils.safeClose(stream));
            } catch (RejectedExecutionException workerGone) {
                IoUtils.safeClose(stream);
            }
        }

        private void closed() {
            open.remove(this);
            Exchange e = current;
            if (e != null) {
                current = null;
                e.connectionClosed(this);
            }
        }
    }

    private final class Exchange implements EngineExchange {
        // the states of a piece handed to the listener, against its more
        private static final int READING = 0;
        private static final int PASSING = 1;
        private static final int MORE_DURING_PASS = 2;
        private static final int WAITING_FOR_MORE = 3;

        private final EngineAddress address;
        private final ByteBuffer head;
        private final byte[] body;
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicInteger pieceState = new AtomicInteger(READING);
        private final Runnable more = this::more;
        private volatile boolean aborted;
        // guarded by this: what abort must close
        private Connection connection;
        private IoFuture<StreamConnection> connecting;
        // on the connection's IO thread only
        private AnswerParser parser;
        private PooledByteBuffer piece;
        private ByteBuffer bodyToWrite;
        private boolean requestWritten;
        private boolean answerBegun;
        private boolean headPassed;
        private boolean redialled;

        Exchange(EngineAddress address, ByteBuffer head, byte[] body, Listener listener) {
            this.address = address;
            this.head = head;
            this.body = body;
            this.listener = listener;
        }

        @Override
        public void abort() {
            Connection c;
            IoFuture<StreamConnection> f;
            synchronized (this) {
                aborted = true;
                c = connection;
                f = connecting;
            }
            if (f != null) {
                f.cancel();
            }
            if (c != null) {
                // the engine sees the close and stops; the connection is never pooled again
                c.close();
            }
        }

        /** Dials a new connection for this exchange; on {@code thread}. */
        void dial(XnioIoThread thread) {
            if (aborted) {
                return;
            }
            IoFuture<StreamConnection> f;
            try {
                f = thread.openStreamConnection(socket(address), null, CONNECTION_OPTIONS);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            synchronized (this) {
                connecting = f;
            }
            if (aborted) {
                f.cancel();
            }
            XnioExecutor.Key timeout = thread.executeAfter(f::cancel, CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            f.addNotifier(
                    new IoFuture.HandlingNotifier<StreamConnection, Void>() {
                        @Override
                        public void handleDone(StreamConnection s, Void unused) {
                            timeout.remove();
                            Connection c = new Connection(s, address);
                            IdleConnections.runOn(c.thread, () -> attempt(c));
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

        /** Sends the request on {@code c}; on {@code c}'s IO thread. */
        void attempt(Connection c) {
            synchronized (this) {
                connecting = null;
                connection = c;
            }
            if (aborted || closed.get() || !c.stream.isOpen()) {
                c.close();
                if (!aborted) {
                    retryOrFail(c, new IOException("the connection to the engine at " + address + " closed"));
                }
                return;
            }
            c.current = this;
            parser = new AnswerParser();
            requestWritten = false;
            answerBegun = false;
            head.rewind();
            bodyToWrite = ByteBuffer.wrap(body);
            c.sink.getWriteSetter().set(ch -> write(c));
            write(c);
        }

        /** Writes what is left of the request, waiting for the socket when it is full. */
        private void write(Connection c) {
            if (c.current != this) {
                return;
            }
            try {
                ByteBuffer[] both = {head, bodyToWrite};
                while (head.hasRemaining() || bodyToWrite.hasRemaining()) {
                    if (c.sink.write(both, 0, 2) == 0) {
                        c.sink.resumeWrites();
                        return;
                    }
                }
                if (!c.sink.flush()) {
                    c.sink.resumeWrites();
                    return;
                }
                if (c.sink.isWriteResumed()) {
                    c.sink.suspendWrites();
                }
                requestWritten = true;
            } catch (IOException e) {
                failedOn(c, e);
            }
        }

        /**
         * {@code c}, which carries this exchange, is readable: reads once. One read takes all the engine
         * has sent up to a buffer's worth, and a second would most often find nothing.
         */
        void readable(Connection c) {
            if (pieceState.get() != READING) {
                return;
            }
            if (piece == null) {
                piece = pieceBuffers.allocate();
            }
            ByteBuffer b = piece.getBuffer();
            b.clear();
            int n;
            try {
                n = c.source.read(b);
            } catch (IOException e) {
                failedOn(c, e);
                return;
            }
            if (n == 0) {
                return;
            }
            if (n < 0) {
                if (parser.endOfInput()) {
                    finish(c);
                } else {
                    failedOn(
                            c,
                            new IOException("the engine at " + address
                                    + " closed the connection before its answer was complete"));
                }
                return;
            }
            answerBegun = true;
            int bodyBytes;
            try {
                bodyBytes = parser.feed(b.array(), n);
            } catch (AnswerParser.MalformedAnswer e) {
                c.current = null;
                c.close();
                releasePiece();
                fail(e);
                return;
            }
            if (aborted) {
                return;
            }
            if (!headPassed && parser.headDone()) {
                headPassed = true;
                String type = parser.contentType();
                listener.onResponse(parser.status(), type == null ? "application/json" : type);
            }
            if (bodyBytes > 0) {
                b.position(0).limit(bodyBytes);
                pieceState.set(PASSING);
                listener.onData(b, more);
                if (pieceState.compareAndSet(PASSING, WAITING_FOR_MORE)) {
                    // the listener holds the piece: nothing more is read until it is done with it
                    c.source.suspendReads();
                    return;
                }
                pieceState.set(READING);
            }
            if (parser.complete()) {
                // an answer that came before the whole request went (an early error) stands; the
                // connection is then closed, not kept
                finish(c);
            }
        }

        private void more() {
            if (pieceState.compareAndSet(PASSING, MORE_DURING_PASS)) {
                return;
            }
            if (pieceState.compareAndSet(WAITING_FOR_MORE, READING)) {
                Connection c;
                synchronized (this) {
                    c = connection;
                }
                if (c != null) {
                    IdleConnections.runOn(c.thread, () -> {
                        if (c.current != this) {
                            return;
                        }
                        c.source.resumeReads();
                        if (parser.complete()) {
                            finish(c);
                        }
                    });
                }
            }
        }

        /** The whole answer was read: the connection goes back to the pool when it can carry another. */
        private void finish(Connection c) {
            boolean handBack;
            synchronized (this) {
                handBack = !aborted && connection == c;
                connection = null;
            }
            c.current = null;
            c.used = true;
            releasePiece();
            if (handBack && requestWritten && parser.reusable()) {
                idle.put(c.address, c, closed::get);
            } else {
                c.close();
            }
            if (!aborted && ended.compareAndSet(false, true)) {
                listener.onComplete();
            }
        }

        /** The connection failed or closed under the exchange. */
        void connectionClosed(Connection c) {
            failedOn(c, new IOException("the connection to the engine at " + address + " closed"));
        }

        private void failedOn(Connection c, IOException e) {
            if (c.current == this) {
                c.current = null;
            }
            c.close();
            retryOrFail(c, e);
        }

        /**
         * A kept-alive connection the engine had closed before it answered is no failure of the request: it
         * is sent again, once, on a fresh connection.
         */
        private void retryOrFail(Connection c, IOException e) {
            synchronized (this) {
                if (connection == c) {
                    connection = null;
                }
            }
            if (c.used && !answerBegun && !redialled && !aborted && !closed.get()) {
                redialled = true;
                releasePiece();
                dial(c.thread);
            } else {
                releasePiece();
                fail(e);
            }
        }

        private void releasePiece() {
            if (piece != null && pieceState.get() == READING) {
                piece.close();
                piece = null;
            }
        }

        private void fail(Throwable e) {
            if (!aborted && ended.compareAndSet(false, true)) {
                listener.onFailure(e);
            }
        }
    }
}
