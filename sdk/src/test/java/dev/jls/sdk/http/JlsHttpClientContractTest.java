package dev.jls.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.support.RawHttpServer;
import dev.jls.sdk.support.TestHttp;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the SDK relies on from any {@link JlsHttpClient}, checked on this run's implementation. */
class JlsHttpClientContractTest {

    final JlsHttpClient http = TestHttp.newClient();

    @AfterEach
    void close() {
        http.close();
    }

    static JlsHttpRequest get(String url) {
        return JlsHttpRequest.builder().url(URI.create(url)).build();
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anAttemptThatNeverConnectedSaysSo() throws Exception {
        JlsHttpRequest request = get("http://127.0.0.1:" + closedPort() + "/");

        assertThatThrownBy(() -> http.execute(request)).isInstanceOf(RequestNotSentException.class);
        CompletableFuture<JlsHttpResponse> async = http.executeAsync(request);
        assertThatThrownBy(() -> async.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(RequestNotSentException.class);
    }

    @Test
    void statusHeadersAndBodyArriveAsSent() throws Exception {
        try (RawHttpServer server = new RawHttpServer((requestLine, out) ->
                        out.write(("HTTP/1.1 202 Accepted\r\nX-Request-Status: Queued\r\nContent-Length: 2\r\n\r\n{}")
                                .getBytes(StandardCharsets.US_ASCII)));
                JlsHttpResponse response = http.execute(get(server.baseUrl() + "/q?a=1"))) {
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.header("x-request-status")).contains("Queued");
            assertThat(response.body().readAllBytes()).isEqualTo("{}".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aSilentBodyTimesOutAfterTheReadTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, out) -> {
            out.write(RawHttpServer.eventStreamHead());
            out.flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        })) {
            JlsHttpRequest request = get(server.baseUrl()).toBuilder()
                    .readTimeout(Duration.ofMillis(200))
                    .build();
            try (JlsHttpResponse response = http.execute(request)) {
                InputStream body = response.body();
                assertThatThrownBy(body::read).isInstanceOf(IOException.class);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedReadAndTheConnection() throws Exception {
        CountDownLatch clientWentAway = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, in, out) -> {
            out.write(RawHttpServer.eventStreamHead());
            out.write("data: 1\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (in.read() < 0) {
                clientWentAway.countDown();
            }
        })) {
            JlsHttpResponse response = http.execute(get(server.baseUrl()));
            InputStream body = response.body();
            assertThat(body.read(new byte[64])).isPositive();
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.read(new byte[64]);
                } catch (IOException ended) {
                    return -1;
                }
            });

            response.close();

            assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
            assertThat(clientWentAway.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void finishingABodyWhoseEndHasArrivedUnreadKeepsTheConnectionForTheNextExchange() throws Exception {
        byte[] event = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
        try (RawHttpServer server = RawHttpServer.keepingConnections((requestLine, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write((Integer.toHexString(event.length) + "\r\n" + new String(event, StandardCharsets.US_ASCII)
                            + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        })) {
            for (int i = 0; i < 3; i++) {
                JlsHttpResponse response = http.execute(get(server.baseUrl() + "/stream"));
                byte[] read = new byte[event.length];
                // exactly the event: the body's end stays unread
                new DataInputStream(response.body()).readFully(read);
                assertThat(read).isEqualTo(event);

                response.finish();
            }

            assertThat(server.connections()).as("connections opened").isEqualTo(1);
        }
    }

    @Test
    void finishingABodyThatDoesNotEndDropsTheConnection() throws Exception {
        CountDownLatch clientWentAway = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, in, out) -> {
            out.write(RawHttpServer.eventStreamHead());
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the body never ends: only the client's going away ends the exchange
            if (in.read() < 0) {
                clientWentAway.countDown();
            }
        })) {
            JlsHttpResponse response = http.execute(get(server.baseUrl()));
            assertThat(response.body().read(new byte[64])).isPositive();

            response.finish();

            assertThat(clientWentAway.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> response.body().read()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRequestIsImmutableAndChecked() {
        JlsHttpRequest request = JlsHttpRequest.builder()
                .method("post")
                .url(URI.create("http://127.0.0.1/x"))
                .header("Authorization", "Bearer k")
                .addHeader("X-A", "1")
                .addHeader("x-a", "2")
                .body(new byte[] {1})
                .build();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().get("X-A")).containsExactly("1", "2");
        assertThat(request.toString()).isEqualTo("POST http://127.0.0.1/x").doesNotContain("Bearer");
        assertThat(request.callTimeout()).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> JlsHttpRequest.builder().url(URI.create("ftp://x/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request.headers().put("B", java.util.List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
