package dev.jls.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.support.RawHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Streams over a raw socket: early close, cuts, and blocked readers. */
class StreamingTest {

    static final String DEP = "dep-0123456789ab";

    static byte[] chunk(int i) {
        return ("data: {\"id\":\"chatcmpl-X\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                        + "\"model\":\"llama8b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i
                        + " \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static ChatCompletionRequest hi() {
        return ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("hi"))
                .build();
    }

    /**
     * A server whose every answer is an endless stream (only the client's close ends it: then
     * {@code sawClose} counts down), at a few milliseconds a chunk after the first ones.
     */
    private static RawHttpServer endlessStream(CountDownLatch sawClose) throws IOException {
        return new RawHttpServer((requestLine, out) -> {
            out.write(RawHttpServer.eventStreamHead());
            try {
                for (int i = 0; ; i++) {
                    out.write(chunk(i));
                    out.flush();
                    if (i > 5) {
                        Thread.sleep(2);
                    }
                }
            } catch (IOException | InterruptedException gone) {
                sawClose.countDown();
            }
        });
    }

    /** A client of {@code server} with the defaults. */
    private static JlsClient clientOf(RawHttpServer server) {
        return JlsClient.builder().apiKey("k").baseUrl(server.baseUrl()).build();
    }

    @Test
    void aStreamThatEndsWithDoneLeavesItsConnectionToTheNextCall() throws Exception {
        try (RawHttpServer server = RawHttpServer.keepingConnections((requestLine, out) -> {
                    java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
                    answer.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (byte[] event :
                            List.of(chunk(0), chunk(1), "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8))) {
                        answer.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        answer.write(event);
                        answer.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    // the body's end right behind [DONE], in the same write: the client has it without
                    // waiting, but reads no further than [DONE] on its own
                    answer.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(answer.toByteArray());
                });
                JlsClient client = clientOf(server)) {
            for (int i = 0; i < 3; i++) {
                try (StreamResponse<ChatCompletionChunk> stream =
                        client.openai(DEP).createChatCompletionStreaming(hi())) {
                    assertThat(stream.stream()
                                    .map(c ->
                                            c.choices().get(0).delta().content().orElse("")))
                            .containsExactly("w0 ", "w1 ");
                }
            }

            assertThat(server.connections())
                    .as("connections opened for three streams")
                    .isEqualTo(1);
        }
    }

    @Test
    void closingEarlyCancelsTheCallAndTheServerSeesTheConnectionGo() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        try (RawHttpServer server = endlessStream(serverSawClose);
                JlsClient client = clientOf(server)) {
            List<String> firstThree;
            try (StreamResponse<ChatCompletionChunk> stream = client.openai(DEP).createChatCompletionStreaming(hi())) {
                firstThree = stream.stream()
                        .limit(3)
                        .map(c -> c.choices().get(0).delta().content().orElse(""))
                        .collect(Collectors.toList());
            }

            assertThat(firstThree).containsExactly("w0 ", "w1 ", "w2 ");
            assertThat(serverSawClose.await(10, TimeUnit.SECONDS))
                    .as("the server saw the connection close")
                    .isTrue();
        }
    }

    @Test
    void aStreamBlockedInReadEndsQuietlyWhenClosedFromAnotherThread() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, out) -> {
                    out.write(RawHttpServer.eventStreamHead());
                    out.write(chunk(0));
                    out.flush();
                    try {
                        // Then an endless stream of comments: the reader is inside a read when the client gives up.
                        while (true) {
                            out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (IOException gone) {
                        serverSawClose.countDown();
                    }
                });
                JlsClient client = clientOf(server)) {
            StreamResponse<ChatCompletionChunk> stream = client.openai(DEP).createChatCompletionStreaming(hi());
            CountDownLatch firstChunk = new CountDownLatch(1);
            AtomicInteger seen = new AtomicInteger();
            java.util.concurrent.CompletableFuture<Void> reader = java.util.concurrent.CompletableFuture.runAsync(
                    () -> stream.stream().forEach(c -> {
                        seen.incrementAndGet();
                        firstChunk.countDown();
                    }));
            assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();

            stream.close();

            reader.get(10, TimeUnit.SECONDS); // ends without an exception
            assertThat(seen.get()).isEqualTo(1);
            assertThat(serverSawClose.await(10, TimeUnit.SECONDS))
                    .as("the server saw the connection close")
                    .isTrue();
        }
    }

    @Test
    void aStreamCutMidEventFailsWithoutReplay() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (RawHttpServer server = new RawHttpServer((requestLine, out) -> {
                    requests.incrementAndGet();
                    out.write(RawHttpServer.eventStreamHead());
                    out.write(chunk(0));
                    byte[] half = chunk(1);
                    out.write(half, 0, half.length / 2);
                    out.flush();
                    // Returning closes the socket in the middle of the second event.
                });
                JlsClient client = clientOf(server)) {
            Iterator<ChatCompletionChunk> chunks;
            try (StreamResponse<ChatCompletionChunk> stream = client.openai(DEP).createChatCompletionStreaming(hi())) {
                chunks = stream.stream().iterator();
                assertThat(chunks.next().choices().get(0).delta().content()).contains("w0 ");
                assertThatThrownBy(chunks::hasNext).isInstanceOf(JlsIoException.class);
            }
            assertThat(requests.get()).isEqualTo(1);
        }
    }

    @Test
    void aFollowedLogStreamBlockedInReadEndsWhenClosedFromAnotherThread() throws Exception {
        CountDownLatch firstLineSent = new CountDownLatch(1);
        try (RawHttpServer server = new RawHttpServer((requestLine, out) -> {
                    out.write(RawHttpServer.eventStreamHead());
                    out.write(": no active workers\n\ndata: started\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    firstLineSent.countDown();
                    try {
                        // Silence, as a quiet worker: the client must not time out on it.
                        Thread.sleep(60_000);
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    }
                });
                JlsClient client = JlsClient.builder()
                        .apiKey("k")
                        .baseUrl(server.baseUrl())
                        .timeout(Duration.ofMillis(200))
                        .build()) {
            LogStream logs = client.deployments()
                    .retrieveLogs(
                            DEP, LogOptions.builder().follow(true).notices(true).build());
            assertThat(logs.next()).isEqualTo(new LogEvent.Notice("no active workers"));
            assertThat(logs.next()).isEqualTo(new LogEvent.Line("started"));

            CountDownLatch ended = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                if (!logs.hasNext()) {
                    ended.countDown();
                }
            });
            reader.start();
            // Longer than the 200 ms timeout: a followed log has no read timeout.
            assertThat(ended.await(600, TimeUnit.MILLISECONDS)).isFalse();
            logs.close();

            assertThat(ended.await(10, TimeUnit.SECONDS))
                    .as("the blocked reader saw the end")
                    .isTrue();
            reader.join(10_000);
        }
    }

    @Test
    void closingAnAsyncStreamCancelsItAndCompletesNormally() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        try (RawHttpServer server = endlessStream(serverSawClose);
                JlsClient client = clientOf(server)) {
            CountDownLatch fiveSeen = new CountDownLatch(5);
            AsyncStreamResponse<ChatCompletionChunk> stream =
                    client.async().openai(DEP).createChatCompletionStreaming(hi());
            stream.subscribe(new StreamHandler<>() {
                @Override
                public void onNext(ChatCompletionChunk chunk) {
                    fiveSeen.countDown();
                }

                @Override
                public void onComplete(Optional<Throwable> error) {
                    assertThat(error).isEmpty();
                }
            });
            assertThat(fiveSeen.await(10, TimeUnit.SECONDS)).isTrue();

            stream.close();

            stream.onCompleteFuture().get(10, TimeUnit.SECONDS);
            assertThat(serverSawClose.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
