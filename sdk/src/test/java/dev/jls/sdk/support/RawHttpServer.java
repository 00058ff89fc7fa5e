package dev.jls.sdk.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a free port for streaming tests and benchmarks: it reads each request's head
 * and body, then hands the socket's output to a {@link Responder} that writes the answer byte by byte as
 * it likes (a close-delimited body, so it may stop, stall or break off anywhere). Closing it stops
 * everything it started.
 */
public final class RawHttpServer implements AutoCloseable {

    /** Writes one answer, status line included. */
    @FunctionalInterface
    public interface Responder {
        void respond(String requestLine, OutputStream out) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "raw-http-server");
        thread.setDaemon(true);
        return thread;
    });
    /** Writes one answer, or holds the request: the input shows when the client goes away. */
    @FunctionalInterface
    public interface Exchange {
        void respond(String requestLine, InputStream in, OutputStream out) throws IOException;
    }

    private final Exchange exchange;
    private final boolean keepAlive;
    private final AtomicInteger connections = new AtomicInteger();

    public RawHttpServer(Responder responder) throws IOException {
        this((requestLine, in, out) -> responder.respond(requestLine, out));
    }

    public RawHttpServer(Exchange exchange) throws IOException {
        this(exchange, false);
    }

    private RawHttpServer(Exchange exchange, boolean keepAlive) throws IOException {
        this.exchange = exchange;
        this.keepAlive = keepAlive;
        this.serverSocket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /**
     * A server that reads the next request on the same connection once an answer is written: the
     * responder must frame its answers (a length or chunks) rather than end them by closing.
     */
    public static RawHttpServer keepingConnections(Responder responder) throws IOException {
        return new RawHttpServer((requestLine, in, out) -> responder.respond(requestLine, out), true);
    }

    /** How many connections clients have opened so far. */
    public int connections() {
        return connections.get();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + serverSocket.getLocalPort();
    }

    /** The head of a streaming answer whose body runs until the connection closes. */
    public static byte[] eventStreamHead() {
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                        + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                threads.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            do {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                int contentLength = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(
                                line.substring("content-length:".length()).trim());
                    }
                }
                in.readNBytes(contentLength);
                exchange.respond(head.split("\r\n", 2)[0], in, out);
                out.flush();
            } while (keepAlive);
        } catch (IOException clientWentAway) {
            // The responder saw it too, if it cared.
        }
    }

    /** The next request's head, or null when the client closed the connection before sending one. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 && head.size() == 0) {
                return null;
            }
            if (b < 0) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
