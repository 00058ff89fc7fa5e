package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's connection while its request is forwarded: whatever the client sends or does before its
 * answer (the next request, pipelined; the end of its side of the connection) neither loses that
 * answer nor the next.
 */
class ForwardedConnectionTest {

    static final String KEY = "key-of-the-forwarding-test";

    static JlsEmulator emulator;
    static InProcessLauncher launcher;
    static String path;

    @BeforeAll
    static void start() {
        launcher = new InProcessLauncher();
        emulator = JlsEmulator.builder()
                .options(new EmulatorOptions().addApiKey(KEY))
                .launcher(launcher)
                .build()
                .start();
        RawHttp http = new RawHttp(emulator.baseUrl(), KEY);
        HttpResponse<String> created = http.post("/management/create", """
                {"name": "forwarded", "min_workers": 1, "max_workers": 1, "concurrent_requests": 4,
                 "args": {"model": "m"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        path = "/openai/" + RawHttp.json(created).get("deployment_id").asText() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /**
     * A chat request; {@code extra} is a field the test's engine acts on: {@code hold} (not answered until
     * the test lets it), {@code fail_engine} (answered with a 400 of the engine's), or none.
     */
    static String chat(String extra) {
        String body = "{\"model\": \"m\", " + (extra.isEmpty() ? "" : "\"" + extra + "\": true, ")
                + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static void assertAnswered(RawSocket.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"object\":\"chat.completion\"");
    }

    static void assertRefusedByTheEngine(RawSocket.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("bad request for the engine");
    }

    static long processing(List<EmulatorEvent> events) {
        return events.stream().filter(e -> e.state().equals("Processing")).count();
    }

    /**
     * Writes {@code first}, whose first request the engine holds, waits until that request is with its
     * worker (so being forwarded), runs {@code meanwhile}, then lets the engine answer.
     */
    static void whileTheFirstIsForwarded(RawSocket socket, String first, Runnable meanwhile) {
        CountDownLatch release = new CountDownLatch(1);
        launcher.held = release;
        try {
            long before = processing(emulator.events().all());
            socket.send(first);
            emulator.await().until(events -> processing(events) > before, "the held request on its worker");
            meanwhile.run();
        } finally {
            release.countDown();
        }
    }

    @Test
    void whatTheClientSendsWhileItsRequestIsForwardedIsServedNextInOrder() {
        try (RawSocket socket = new RawSocket(emulator.port())) {
            whileTheFirstIsForwarded(socket, chat("hold"), () -> {
                // the next request, in pieces
                String next = chat("fail_engine");
                for (int i = 0; i < next.length(); i += 16) {
                    socket.send(next.substring(i, Math.min(next.length(), i + 16)));
                }
            });
            assertAnswered(socket.read());
            assertRefusedByTheEngine(socket.read());
            socket.send(chat(""));
            assertAnswered(socket.read());
        }
    }

    @Test
    void requestsPipelinedInOneWriteAreAnsweredInOrder() {
        try (RawSocket socket = new RawSocket(emulator.port())) {
            whileTheFirstIsForwarded(socket, chat("hold") + chat("fail_engine") + chat(""), () -> {});
            assertAnswered(socket.read());
            assertRefusedByTheEngine(socket.read());
            assertAnswered(socket.read());
        }
    }

    @Test
    void aClientThatEndsItsSideWhileItsRequestIsForwardedStillGetsTheAnswer() {
        try (RawSocket socket = new RawSocket(emulator.port())) {
            whileTheFirstIsForwarded(socket, chat("hold"), socket::finishSending);
            assertAnswered(socket.read());
            // then the server closes its side too
            assertThat(socket.readUntilClosed()).isEmpty();
        }
    }
}
