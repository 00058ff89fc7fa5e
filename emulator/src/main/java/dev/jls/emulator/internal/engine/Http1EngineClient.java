package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EngineClient} speaking HTTP/1.1 over plain sockets to engines on this host. Engines are
 * local processes that answer one small request with a JSON body or an event stream, so a general
 * client's work (URL parsing, routing, interceptors, timeouts on a watchdog thread) is all cost here:
 * on a machine whose cores the client, the emulator and the engine share, each microsecond spent
 * forwarding is taken from the engine.
 *
 * <p>Each exchange runs on one thread from start to end, with blocking reads on a kept-alive
 * connection. A streamed body is passed on as it arrives: whatever the engine has already sent is
 * handed over as one piece (so a fast engine costs one write to the client per read, not one per
 * event), and the next piece is read only after the last was written, so a slow client slows the
 * engine rather than filling memory.
 */
public final class Http1EngineClient implements EngineClient {

    /** Below the JDK HTTP server's idle timeout (30 s); a connection the engine closed is redialled. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(20);

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final ThreadPoolExecutor executor;
    /** Idle kept-alive connections by port, the most recently used first. */
    private final Map<Integer, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();

    private final AtomicBoolean closed = new AtomicBoolean();

    public Http1EngineClient() {
        AtomicInteger n = new AtomicInteger();
        // slots per worker bound the exchanges, so the pool never queues one
        this.executor =
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "jls-engine-client-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public EngineExchange send(int port, String path, byte[] body, Listener listener) {
        if (closed.get()) {
            throw new IllegalStateException("the engine client is closed");
        }
        Exchange exchange = new Exchange(port, message(port, path, body), listener);
        executor.execute(exchange);
        return exchange;
    }

    @Override
    public String errorMessage(int status, byte[] body) {
        return EngineErrorMessage.of(status, body);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        for (Integer port : idle.keySet()) {
            forget(port);
        }
    }

    @Override
    public void forget(int port) {
        ConcurrentLinkedDeque<Connection> deque = idle.remove(port);
        if (deque != null) {
            Connection c;
            while ((c = deque.pollFirst()) != null) {
                c.close();
            }
        }
    }

    /** The whole request, head and body, so that it goes out in one write. */
    private static byte[] message(int port, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nAccept: application/json, text/event-stream\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[head.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        return message;
    }

    /** A kept-alive idle connection of {@code port}, or null. Stale ones are closed on the way. */
    private Connection pooled(int port) {
        ConcurrentLinkedDeque<Connection> deque = idle.get(port);
        if (deque == null) {
            return null;
        }
        long now = System.nanoTime();
        Connection c;
        while ((c = deque.pollFirst()) != null) {
            if (now - c.idleSince < KEEP_ALIVE_NANOS) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void release(int port, Connection c) {
        if (closed.get()) {
            c.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.computeIfAbsent(port, p -> new ConcurrentLinkedDeque<>()).addFirst(c);
        if (closed.get() && idle.get(port).remove(c)) {
            c.close();
        }
    }

    /** One socket to an engine, with its read buffer (which may hold the start of the next answer). */
    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] buf = new byte[BUFFER_BYTES];
        int pos;
        int limit;
        long idleSince;

        Connection(int port) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                close();
                throw e;
            }
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Reads more into the buffer (compacting it first); false at the end of the stream. */
        boolean fill() throws IOException {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                throw new ProtocolException("a line of the engine's answer is longer than " + buf.length + " bytes");
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
            return true;
        }

        /** The next CRLF- (or LF-) ended line in the buffer, or null if it is not all there yet. */
        String lineIfBuffered() {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            return null;
        }

        String readLine() throws IOException {
            String line;
            while ((line = lineIfBuffered()) == null) {
                if (!fill()) {
                    throw new EOFException("the engine closed the connection mid-answer");
                }
            }
            return line;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    private final class Exchange implements EngineExchange, Runnable {
        private final int port;
        private final byte[] message;
        private final Listener listener;
        private final Semaphore written = new Semaphore(0);
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Runnable more = written::release;
        private volatile boolean aborted;
        private volatile Connection connection;
        // the answer's head, as read on the exchange's thread
        private int status;
        private long contentLength;
        private boolean chunked;
        private boolean keepAlive;

        Exchange(int port, byte[] message, Listener listener) {
            this.port = port;
            this.message = message;
            this.listener = listener;
        }

        @Override
        public void abort() {
            Connection c;
            synchronized (this) {
                aborted = true;
                c = connection;
            }
            if (c != null) {
                // unblocks a read or write under way; the connection is never pooled again
                c.close();
            }
            written.release();
        }

        @Override
        public void run() {
            Connection c = null;
            try {
                c = pooled(port);
                boolean reused = c != null;
                if (!reused) {
                    c = new Connection(port);
                }
                connection = c;
                if (aborted) {
                    c.close();
                    return;
                }
                boolean answered = sendAndReadHead(c);
                if (!answered && reused) {
                    // an idle connection the engine had closed before it got the request: try a fresh one
                    c.close();
                    c = new Connection(port);
                    connection = c;
                    if (aborted) {
                        c.close();
                        return;
                    }
                    answered = sendAndReadHead(c);
                }
                if (!answered) {
                    throw new EOFException("the engine closed the connection without answering");
                }
                // a connection goes back to the pool only clean: the whole answer read, nothing more
                if (!(readBody(c) && c.pos == c.limit && handBack(c))) {
                    c.close();
                }
                if (!aborted && ended.compareAndSet(false, true)) {
                    listener.onComplete();
                }
            } catch (IOException e) {
                if (c != null) {
                    c.close();
                }
                fail(e);
            } catch (InterruptedException e) {
                if (c != null) {
                    c.close();
                }
                Thread.currentThread().interrupt();
                fail(new InterruptedIOException("interrupted"));
            } catch (RuntimeException | Error e) {
                if (c != null) {
                    c.close();
                }
                fail(e);
                throw e;
            }
        }

        /**
         * Returns the connection to the pool unless the exchange was aborted. Once it is pooled, another
         * exchange may use it, so a later {@link #abort} must no longer close it.
         */
        private boolean handBack(Connection c) {
            synchronized (this) {
                if (aborted) {
                    return false;
                }
                connection = null;
            }
            release(port, c);
            return true;
        }

        /**
         * Sends the request and reads the answer's status and headers (skipping interim 1xx answers).
         * False when the connection was closed before any byte of an answer came back.
         */
        private boolean sendAndReadHead(Connection c) throws IOException {
            status = 0;
            try {
                c.out.write(message);
                if (c.pos == c.limit && !c.fill()) {
                    return false;
                }
            } catch (IOException e) {
                if (aborted || c.pos != c.limit) {
                    throw e;
                }
                // a reset instead of a clean close: the same stale connection
                return false;
            }
            do {
                readHead(c);
            } while (status / 100 == 1);
            return true;
        }

        private void readHead(Connection c) throws IOException {
            String statusLine = c.readLine();
            // HTTP/1.x SSS reason
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                throw new ProtocolException("not an HTTP/1 answer: " + abbreviate(statusLine));
            }
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad status line: " + abbreviate(statusLine));
            }
            keepAlive = statusLine.charAt(7) == '1';
            contentLength = -1;
            chunked = false;
            String contentType = null;
            int headerBytes = 0;
            String line;
            while (!(line = c.readLine()).isEmpty()) {
                headerBytes += line.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new ProtocolException("the engine's headers are larger than " + MAX_HEADER_BYTES + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String value = line.substring(colon + 1).trim();
                if (is(line, colon, "content-length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new ProtocolException("bad Content-Length: " + abbreviate(value));
                    }
                } else if (is(line, colon, "transfer-encoding")) {
                    chunked = value.regionMatches(true, value.length() - 7, "chunked", 0, 7);
                } else if (is(line, colon, "content-type")) {
                    contentType = value;
                } else if (is(line, colon, "connection")) {
                    if (value.equalsIgnoreCase("close")) {
                        keepAlive = false;
                    } else if (value.equalsIgnoreCase("keep-alive")) {
                        keepAlive = true;
                    }
                }
            }
            if (status / 100 != 1) {
                listener.onResponse(status, contentType == null ? "application/json" : contentType);
            }
        }

        /** Passes the body on; true when the connection may carry another request. */
        private boolean readBody(Connection c) throws IOException, InterruptedException {
            if (status == 204 || status == 304) {
                return keepAlive;
            }
            if (chunked) {
                readChunked(c);
                return keepAlive;
            }
            if (contentLength >= 0) {
                long left = contentLength;
                while (left > 0) {
                    if (c.pos == c.limit && !c.fill()) {
                        throw new EOFException(
                                "the engine closed the connection " + left + " bytes before the end of its answer");
                    }
                    int n = (int) Math.min(left, c.limit - c.pos);
                    int at = c.pos;
                    c.pos += n;
                    left -= n;
                    if (!pass(c.buf, at, n)) {
                        return false;
                    }
                }
                return keepAlive;
            }
            // no length: the body ends with the connection
            while (true) {
                if (c.pos == c.limit && !c.fill()) {
                    return false;
                }
                int at = c.pos;
                int n = c.limit - at;
                c.pos = c.limit;
                if (!pass(c.buf, at, n)) {
                    return false;
                }
            }
        }

        /**
         * Decodes a chunked body. Every chunk already in the buffer goes out together as one piece; the
         * connection is read again only when the buffer holds nothing more to pass on.
         */
        private void readChunked(Connection c) throws IOException, InterruptedException {
            byte[] out = new byte[BUFFER_BYTES];
            long chunkLeft = 0;
            // 0: before a size line, 1: in a chunk's data, 2: before the CRLF after the data, 3: trailer
            int state = 0;
            while (true) {
                int outLen = 0;
                boolean stalled = false;
                while (!stalled && outLen < out.length) {
                    switch (state) {
                        case 0 -> {
                            String line = c.lineIfBuffered();
                            if (line == null) {
                                stalled = true;
                            } else {
                                chunkLeft = chunkSize(line);
                                state = chunkLeft == 0 ? 3 : 1;
                            }
                        }
                        case 1 -> {
                            int n = (int) Math.min(Math.min(chunkLeft, c.limit - c.pos), out.length - outLen);
                            if (n == 0) {
                                stalled = true;
                            } else {
                                System.arraycopy(c.buf, c.pos, out, outLen, n);
                                c.pos += n;
                                outLen += n;
                                chunkLeft -= n;
                                if (chunkLeft == 0) {
                                    state = 2;
                                }
                            }
                        }
                        case 2 -> {
                            String line = c.lineIfBuffered();
                            if (line == null) {
                                stalled = true;
                            } else if (!line.isEmpty()) {
                                throw new ProtocolException("a chunk of the engine's answer does not end with CRLF");
                            } else {
                                state = 0;
                            }
                        }
                        default -> {
                            String line = c.lineIfBuffered();
                            if (line == null) {
                                stalled = true;
                            } else if (line.isEmpty()) {
                                if (outLen > 0 && !pass(out, 0, outLen)) {
                                    throw new InterruptedIOException("aborted");
                                }
                                return;
                            }
                        }
                    }
                }
                if (outLen > 0) {
                    if (!pass(out, 0, outLen)) {
                        throw new InterruptedIOException("aborted");
                    }
                } else if (!c.fill()) {
                    throw new EOFException("the engine closed the connection mid-answer");
                }
            }
        }

        /** Hands a piece to the listener and waits until it is written; false once aborted. */
        private boolean pass(byte[] data, int offset, int length) throws InterruptedException {
            if (aborted) {
                return false;
            }
            listener.onData(ByteBuffer.wrap(data, offset, length), more);
            // the buffer is reused: wait until the piece is written
            while (!written.tryAcquire(1, TimeUnit.SECONDS)) {
                if (aborted) {
                    return false;
                }
            }
            return !aborted;
        }

        private void fail(Throwable e) {
            if (!aborted && ended.compareAndSet(false, true)) {
                listener.onFailure(e);
            }
        }
    }

    private static boolean is(String line, int colon, String name) {
        return colon == name.length() && line.regionMatches(true, 0, name, 0, colon);
    }

    private static long chunkSize(String line) throws ProtocolException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad chunk size in the engine's answer: " + abbreviate(line));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
