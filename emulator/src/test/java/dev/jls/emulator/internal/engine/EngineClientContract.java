package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EngineClient} adapter must do with an engine's answers, against a stand-in engine
 * on a plain socket that writes exactly the bytes each test gives it; one subclass per adapter.
 */
abstract class EngineClientContract {

    abstract EngineClient newClient();

    /** What the stand-in engine does with one request: write the answer, say whether to keep going. */
    interface Answer {
        boolean write(OutputStream out, String request) throws Exception;
    }

    EngineClient client;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private ServerSocket server;

    @BeforeEach
    void start() {
        client = newClient();
    }

    int engine(Answer... script) throws IOException {
        answers.addAll(List.of(script));
        server = new ServerSocket(0);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    Thread c = new Thread(() -> serve(s));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                if (!answers.get(served.getAndIncrement()).write(out, request)) {
                    return;
                }
                out.flush();
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                int at = h.toLowerCase().indexOf("content-length: ");
                int length = Integer.parseInt(
                        h.substring(at + 16, h.indexOf("\r\n", at)).trim());
                return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    /** Collects what the client reports. */
    static final class Recording implements EngineClient.Listener {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<String> pieces = new CopyOnWriteArrayList<>();
        final CountDownLatch firstPiece = new CountDownLatch(1);
        volatile int status;
        volatile String contentType;

        @Override
        public void onResponse(int status, String contentType) {
            this.status = status;
            this.contentType = contentType;
        }

        @Override
        public synchronized void onData(ByteBuffer data, Runnable more) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            body.write(b, 0, b.length);
            pieces.add(new String(b, StandardCharsets.UTF_8));
            firstPiece.countDown();
            more.run();
        }

        @Override
        public synchronized void onComplete() {
            done.complete(body.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onFailure(Throwable cause) {
            done.completeExceptionally(cause);
        }

        String await() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }
    }

    static Answer fixed(String contentType, String body, String... headers) {
        return (out, request) -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length + "\r\n"
                            + String.join("", headers) + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(b);
            return true;
        };
    }

    /** How many connections the stand-in engine has accepted. */
    int connections() {
        return connections.get();
    }

    Recording send(int port, String body) {
        Recording r = new Recording();
        client.send(EngineAddress.local(port), "/v1/chat/completions", body.getBytes(StandardCharsets.UTF_8), r);
        return r;
    }

    @Test
    void anErrorAnswerReadsAsTheEnginesOwnMessage() {
        try (EngineClient client = newClient()) {
            assertThat(client.errorMessage(
                            400,
                            ("{\"object\":\"error\",\"message\":\"max_tokens is \\\"too\\\" large\","
                                            + "\"type\":\"BadRequestError\",\"code\":400}")
                                    .getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("max_tokens is \"too\" large");
            assertThat(client.errorMessage(
                            400, "{\"error\":{\"message\":\"no such model\"}}".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("no such model");
            assertThat(client.errorMessage(502, "Bad Gateway".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("the engine answered 502: Bad Gateway");
            assertThat(client.errorMessage(500, new byte[0])).isEqualTo("the engine answered 500");
            assertThat(client.errorMessage(500, "x".repeat(400).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("the engine answered 500: " + "x".repeat(300) + "…");
        }
    }

    @Test
    void sendsTheBodyAsGivenAndPassesALengthDelimitedAnswerOnKeepingTheConnection() throws Exception {
        int port = engine(fixed("application/json", "{\"id\":1}"), fixed("text/plain", "second"));
        Recording first = send(port, "{\"model\":\"m\"}");
        assertThat(first.await()).isEqualTo("{\"id\":1}");
        assertThat(first.status).isEqualTo(200);
        assertThat(first.contentType).isEqualTo("application/json");
        Recording second = send(port, "{}");
        assertThat(second.await()).isEqualTo("second");
        assertThat(connections.get()).isEqualTo(1);
        assertThat(requests.get(0))
                .startsWith("POST /v1/chat/completions HTTP/1.1\r\n")
                .contains("Content-Type: application/json\r\n")
                .endsWith("\r\n\r\n{\"model\":\"m\"}");
    }

    @Test
    void decodesChunksWithExtensionsAndTrailersAndKeepsTheConnection() throws Exception {
        Answer chunked = (out, request) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + "6\r\ndata: \r\n" + "A;ext=1\r\n{\"a\": 1}\n\n\r\n" + "e\r\ndata: [DONE]\n\n\r\n"
                            + "0\r\nX-Trailer: yes\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return true;
        };
        int port = engine(chunked, chunked);
        assertThat(send(port, "{}").await()).isEqualTo("data: {\"a\": 1}\n\ndata: [DONE]\n\n");
        assertThat(send(port, "{}").await()).isEqualTo("data: {\"a\": 1}\n\ndata: [DONE]\n\n");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void passesEachPieceOnAsItArrives() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        int port = engine((out, request) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the rest only once the client has passed the first piece on
            assertThat(firstSeen.await(10, TimeUnit.SECONDS)).isTrue();
            out.write("6\r\nsecond\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            return true;
        });
        Recording r = send(port, "{}");
        assertThat(r.firstPiece.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.pieces).containsExactly("first");
        firstSeen.countDown();
        assertThat(r.await()).isEqualTo("firstsecond");
        assertThat(r.pieces).containsExactly("first", "second");
    }

    @Test
    void anIdleConnectionTheEngineClosedIsRedialledWithoutAFailure() throws Exception {
        int port = engine(
                (out, request) -> {
                    fixed("application/json", "one").write(out, request);
                    return false; // closes after answering, without saying so
                },
                fixed("application/json", "two"));
        assertThat(send(port, "{}").await()).isEqualTo("one");
        assertThat(send(port, "{}").await()).isEqualTo("two");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void connectionCloseIsHonouredAndAnAnswerWithoutLengthEndsWithTheConnection() throws Exception {
        int port = engine(fixed("application/json", "one", "Connection: close\r\n"), (out, request) -> {
            out.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
                    .getBytes(StandardCharsets.UTF_8));
            return false;
        });
        assertThat(send(port, "{}").await()).isEqualTo("one");
        assertThat(send(port, "{}").await()).isEqualTo("until the end");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void anEngineErrorIsAnAnswerAndABrokenAnswerIsAFailure() throws Exception {
        int port = engine(
                (out, request) -> {
                    out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 9\r\n\r\n{\"e\": 1}\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return true;
                },
                (out, request) -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart").getBytes(StandardCharsets.UTF_8));
                    return false;
                });
        Recording error = send(port, "{}");
        assertThat(error.await()).isEqualTo("{\"e\": 1}\n");
        assertThat(error.status).isEqualTo(400);
        Recording broken = send(port, "{}");
        assertThat(broken.done).failsWithin(10, TimeUnit.SECONDS);
        assertThat(broken.body.toString(StandardCharsets.UTF_8)).isEqualTo("part");
    }

    @Test
    void noEngineListeningIsAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(send(port, "{}").done).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void abortingAnExchangeThatEndedLeavesItsPooledConnectionToTheNextOne() throws Exception {
        int port = engine(fixed("application/json", "one"), fixed("application/json", "two"));
        Recording first = new Recording();
        EngineClient.EngineExchange ended =
                client.send(EngineAddress.local(port), "/v1/chat/completions", new byte[0], first);
        assertThat(first.await()).isEqualTo("one");
        // the core may abandon an attempt whose end it has not yet seen
        ended.abort();
        assertThat(send(port, "{}").await()).isEqualTo("two");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void abortClosesTheConnectionAndReportsNothingMore() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        int port = engine((out, request) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                while (true) {
                    out.write("1\r\nx\r\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                closed.countDown();
            }
            return false;
        });
        Recording r = new Recording();
        EngineClient.EngineExchange exchange =
                client.send(EngineAddress.local(port), "/v1/chat/completions", new byte[0], r);
        assertThat(r.firstPiece.await(10, TimeUnit.SECONDS)).isTrue();
        exchange.abort();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(r.done).isNotDone();
    }

    @Test
    void piecesPassedOnLaterFromAnotherThreadArriveWholeAndInOrderBeforeTheEnd() throws Exception {
        StringBuilder chunks = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String piece = "data: {\"n\": " + i + "}\n\n";
            expected.append(piece);
            chunks.append(Integer.toHexString(piece.length()))
                    .append("\r\n")
                    .append(piece)
                    .append("\r\n");
        }
        int port = engine((out, request) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + "Transfer-Encoding: chunked\r\n\r\n"
                            + chunks + "0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return true;
        });
        java.util.concurrent.ExecutorService later = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            AtomicInteger held = new AtomicInteger();
            CompletableFuture<String> done = new CompletableFuture<>();
            client.send(EngineAddress.local(port), "/v1/chat/completions", new byte[0], new EngineClient.Listener() {
                @Override
                public void onResponse(int status, String contentType) {}

                @Override
                public void onData(ByteBuffer data, Runnable more) {
                    if (held.incrementAndGet() != 1) {
                        done.completeExceptionally(new AssertionError("a piece came before the last was passed on"));
                    }
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    later.execute(() -> {
                        synchronized (body) {
                            body.write(b, 0, b.length);
                        }
                        held.decrementAndGet();
                        more.run();
                    });
                }

                @Override
                public void onComplete() {
                    if (held.get() != 0) {
                        done.completeExceptionally(
                                new AssertionError("the end came before the last piece was passed on"));
                    }
                    synchronized (body) {
                        done.complete(body.toString(StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void onFailure(Throwable cause) {
                    done.completeExceptionally(cause);
                }
            });
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(expected.toString());
        } finally {
            later.shutdownNow();
        }
    }
}
