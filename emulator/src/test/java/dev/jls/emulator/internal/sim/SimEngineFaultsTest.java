package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each pace and fault knob, and the process's life: start-up, crash, SIGTERM, exit codes. */
class SimEngineFaultsTest {

    // Worker JVMs start slowly on a loaded machine; a deadline only bounds how long a failure takes.
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String chat(String extra) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]" + extra + "}";
    }

    /** A streaming request on a raw socket, so a test can read part of it and then hang up. */
    private static final class RawStream implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();

        RawStream(int port, String path, String body) throws IOException {
            socket = new Socket("127.0.0.1", port);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            in = socket.getInputStream();
        }

        String text() {
            return received.toString(StandardCharsets.UTF_8);
        }

        int events() {
            return text().split("data: ", -1).length - 1;
        }

        /** Reads until {@code events} SSE events have arrived; false at the end of the stream. */
        boolean readEvents(int events) throws IOException {
            byte[] buffer = new byte[4096];
            while (events() < events) {
                int n = in.read(buffer);
                if (n < 0) {
                    return false;
                }
                received.write(buffer, 0, n);
            }
            return true;
        }

        void readToEnd() throws IOException {
            received.write(in.readAllBytes());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void nothingListensBeforeTheStartUpTimeHasPassed() {
        // Taken before the process exists: the simulated load can only begin later, so the engine cannot
        // answer before this plus the start-up time, however slowly this machine runs.
        long launched = System.nanoTime();
        try (SimEngineProcess engine = SimEngineProcess.start(Map.of(SimSettings.STARTUP_MS, "1000"))) {
            SimEngineProcess.await(
                    WAIT,
                    "the loading line",
                    () -> engine.stdout().stream().anyMatch(l -> l.contains("loading (simulated) for 1000 ms")));
            List<Integer> whileLoading = new ArrayList<>();
            SimEngineProcess.await(WAIT, "GET /health to answer 200", () -> {
                int status = engine.healthStatus();
                if (status != 200) {
                    whileLoading.add(status);
                }
                return status == 200;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - launched)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
            // Refused connections, not a server answering "not yet".
            assertThat(whileLoading).allMatch(status -> status == -1);
            assertThat(engine.stdout()).anyMatch(l -> l.contains("Application startup complete."));
        }
    }

    @Test
    void timeToFirstTokenAndTokensPerSecondPaceTheAnswer() throws IOException {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(
                Map.of(SimSettings.TTFT_MS, "300", SimSettings.TOKENS_PER_SECOND, "50"))) {
            // Taken before the request is sent: the engine's schedule starts when it admits the request, which
            // is later still, so these are lower bounds however slowly either side runs.
            long sent = System.nanoTime();
            try (RawStream stream = new RawStream(
                    engine.port,
                    "/v1/chat/completions",
                    chat(",\"max_tokens\":11,\"ignore_eos\":true,\"stream\":true"))) {
                assertThat(stream.readEvents(2)).isTrue(); // the role chunk and the first token
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                stream.readToEnd();
                // The first token after 300 ms, then ten more at 50 per second.
                assertThat(Duration.ofNanos(System.nanoTime() - sent))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(300 + 10 * 20));
                assertThat(stream.text()).contains("data: [DONE]");
            }
        }
    }

    @Test
    void aDroppedStreamStopsGeneratingAndFreesItsSlot() throws IOException {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of(SimSettings.TOKENS_PER_SECOND, "50"))) {
            try (RawStream stream = new RawStream(
                    engine.port,
                    "/v1/chat/completions",
                    chat(",\"max_tokens\":1000,\"ignore_eos\":true,\"stream\":true"))) {
                assertThat(stream.readEvents(3)).isTrue();
                assertThat(engine.metric("vllm:num_requests_running")).isEqualTo(1);
            }
            SimEngineProcess.await(WAIT, "the slot to be freed", () -> engine.metric("vllm:num_requests_running") == 0);
            SimEngineProcess.await(
                    WAIT,
                    "the abort to be counted",
                    () -> engine.metric(
                                    "vllm:request_success_total{finished_reason=\"abort\",model_name=\"test/model\"}")
                            == 1);
            assertThat(engine.metric("vllm:generation_tokens_total")).isLessThan(1000);
            assertThat(engine.stdout()).anyMatch(l -> l.contains("abort (client disconnected)"));
        }
    }

    @Test
    void requestsBeyondMaxNumSeqsWaitAndTheMostRunningIsMeasured() throws IOException {
        try (SimEngineProcess engine =
                SimEngineProcess.startHealthy(Map.of(SimSettings.TOKENS_PER_SECOND, "10"), "--max-num-seqs", "2")) {
            // Two answers that would take 100 s, longer than any wait here: the third request cannot slip in
            // while the test looks, however late it arrives. Hanging up on them frees their slots.
            String endless = chat(",\"max_tokens\":1000,\"ignore_eos\":true,\"stream\":true");
            CompletableFuture<HttpResponse<String>> third;
            try (RawStream first = new RawStream(engine.port, "/v1/chat/completions", endless);
                    RawStream second = new RawStream(engine.port, "/v1/chat/completions", endless)) {
                SimEngineProcess.await(WAIT, "two running", () -> engine.metric("vllm:num_requests_running") == 2);
                third = SimEngineProcess.HTTP.sendAsync(
                        HttpRequest.newBuilder(engine.uri("/v1/chat/completions"))
                                .POST(HttpRequest.BodyPublishers.ofString(chat(",\"max_tokens\":5")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                SimEngineProcess.await(
                        WAIT,
                        "two running and one waiting",
                        () -> engine.metric("vllm:num_requests_running") == 2
                                && engine.metric("vllm:num_requests_waiting") == 1);
                assertThat(third).isNotDone();
                assertThat(first.readEvents(1)).isTrue();
                assertThat(second.readEvents(1)).isTrue();
                assertThat(first.text()).startsWith("HTTP/1.1 200");
                assertThat(second.text()).startsWith("HTTP/1.1 200");
            }
            assertThat(third.join().statusCode()).isEqualTo(200);
            assertThat(engine.metric("jls_sim:max_requests_running")).isEqualTo(2);
            assertThat(engine.metric("vllm:num_requests_waiting")).isZero();
        }
    }

    @Test
    void aFailureRateFailsTheRequestsItsSeedChooses() {
        Map<String, String> env = Map.of(SimSettings.FAILURE_RATE, "0.5", SimSettings.FAILURE_SEED, "7");
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(env)) {
            List<Boolean> failed = new ArrayList<>();
            List<Boolean> expected = new ArrayList<>();
            for (int i = 1; i <= 16; i++) {
                HttpResponse<String> r = engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"));
                failed.add(r.statusCode() == 500);
                expected.add(SimEngineCore.failureDraw(7, i) < 0.5);
                if (r.statusCode() == 500) {
                    JsonNode error = SimEngineHttpTest.json(r.body()).get("error");
                    assertThat(SimEngineHttpTest.fields(error)).containsExactly("message", "type", "param", "code");
                    assertThat(error.get("type").asText()).isEqualTo("InternalServerError");
                    assertThat(error.get("code").asInt()).isEqualTo(500);
                } else {
                    assertThat(r.statusCode()).isEqualTo(200);
                }
            }
            assertThat(failed).isEqualTo(expected).contains(true, false);
            assertThat(engine.metric("jls_sim:requests_failed_total"))
                    .isEqualTo(failed.stream().filter(f -> f).count());
        }
    }

    @Test
    void crashAfterNRequestsExitsDuringTheNextOne() {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of(SimSettings.CRASH_AFTER_REQUESTS, "1"))) {
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"))
                            .statusCode())
                    .isEqualTo(200);
            assertThatThrownBy(() -> engine.post("/v1/chat/completions", chat(",\"max_tokens\":2")))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
            assertThat(engine.stdout()).anyMatch(l -> l.contains("simulated crash during request 2"));
        }
    }

    @Test
    void aCrashMidStreamCutsItAfterTheFirstToken() throws IOException {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of(SimSettings.CRASH_AFTER_REQUESTS, "0"));
                RawStream stream = new RawStream(
                        engine.port, "/v1/chat/completions", chat(",\"max_tokens\":50,\"stream\":true"))) {
            stream.readToEnd();
            assertThat(stream.text())
                    .startsWith("HTTP/1.1 200")
                    .contains("\"role\":\"assistant\"")
                    .doesNotContain("[DONE]");
            assertThat(stream.events()).isEqualTo(2);
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
        }
    }

    @Test
    void aCrashAfterKTokensCutsAStreamAfterK() throws IOException {
        Map<String, String> env = Map.of(SimSettings.CRASH_AFTER_REQUESTS, "0", SimSettings.CRASH_AFTER_TOKENS, "3");
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(env);
                RawStream stream = new RawStream(
                        engine.port, "/v1/chat/completions", chat(",\"max_tokens\":50,\"stream\":true"))) {
            stream.readToEnd();
            assertThat(stream.text()).doesNotContain("[DONE]");
            // the role chunk, then three tokens
            assertThat(stream.events()).isEqualTo(4);
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
        }
    }

    @Test
    void aCrashAfterNoTokenAnswersNothing() throws IOException {
        Map<String, String> env = Map.of(SimSettings.CRASH_AFTER_REQUESTS, "0", SimSettings.CRASH_AFTER_TOKENS, "0");
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(env);
                RawStream stream = new RawStream(
                        engine.port, "/v1/chat/completions", chat(",\"max_tokens\":50,\"stream\":true"))) {
            stream.readToEnd();
            assertThat(stream.text()).isEmpty();
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
        }
    }

    @Test
    void faultsSetAtRunTimeCountRequestsFromTheChangeAndCanBeCleared() {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of())) {
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"))
                            .statusCode())
                    .isEqualTo(200);
            HttpResponse<String> set = engine.post(
                    "/_sim/faults",
                    "{\"" + SimSettings.FAILURE_RATE + "\": \"1\", \"" + SimSettings.TTFT_MS + "\": 5}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(set.body()).contains("first token 5 ms").contains("failure rate 1.0");
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"))
                            .statusCode())
                    .isEqualTo(500);

            assertThat(engine.post("/_sim/faults", "{}").statusCode()).isEqualTo(200);
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"))
                            .statusCode())
                    .isEqualTo(200);

            // the third request of the engine, and the first since the change: a crash of "after 0"
            HttpResponse<String> crash =
                    engine.post("/_sim/faults", "{\"" + SimSettings.CRASH_AFTER_REQUESTS + "\": \"0\"}");
            assertThat(crash.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> engine.post("/v1/chat/completions", chat(",\"max_tokens\":2")))
                    .isInstanceOf(UncheckedIOException.class);
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
            assertThat(engine.stdout()).anyMatch(l -> l.contains("pace and faults changed at run time"));
        }
    }

    @Test
    void faultsThatCannotBeReadAreRefusedNamingTheVariable() {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of())) {
            HttpResponse<String> r = engine.post("/_sim/faults", "{\"" + SimSettings.FAILURE_RATE + "\": \"2\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains(SimSettings.FAILURE_RATE);
            assertThat(engine.post("/_sim/faults", "[]").statusCode()).isEqualTo(400);
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":2"))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void hungRequestsNeverAnswerButTheEngineStaysHealthyAndStillStopsCleanly() {
        SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of(SimSettings.HANG, "true"));
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = SimEngineProcess.HTTP.sendAsync(
                    HttpRequest.newBuilder(engine.uri("/v1/chat/completions"))
                            .POST(HttpRequest.BodyPublishers.ofString(chat("")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            SimEngineProcess.await(
                    WAIT, "the request to be running", () -> engine.metric("vllm:num_requests_running") == 1);
            assertThat(engine.healthStatus()).isEqualTo(200);
            assertThat(answer).isNotDone();
        } finally {
            engine.close();
        }
        assertThat(engine.process.exitValue()).isZero();
        assertThat(answer).failsWithin(WAIT);
    }

    @Test
    void anErrorAfterKTokensEndsAStreamWithAnErrorEventAndAPlainAnswerWith500() throws IOException {
        try (SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of(SimSettings.ERROR_AFTER_TOKENS, "3"))) {
            HttpResponse<String> streamed =
                    engine.post("/v1/chat/completions", chat(",\"max_tokens\":10,\"stream\":true"));
            List<JsonNode> events = SimEngineHttpTest.events(streamed);
            assertThat(events).hasSize(1 + 3 + 2);
            assertThat(events.get(4).at("/error/type").asText()).isEqualTo("InternalServerError");
            assertThat(events.get(4).at("/error/code").asInt()).isEqualTo(500);
            assertThat(events.get(5).asText()).isEqualTo("[DONE]");

            HttpResponse<String> plain = engine.post("/v1/chat/completions", chat(",\"max_tokens\":10"));
            assertThat(plain.statusCode()).isEqualTo(500);
            // An answer shorter than K tokens is not touched.
            assertThat(engine.post("/v1/chat/completions", chat(",\"max_tokens\":3"))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void aStartFailureExits1WithItsMessage() {
        try (SimEngineProcess engine =
                SimEngineProcess.start(Map.of(SimSettings.START_FAILURE, "CUDA out of memory"))) {
            assertThat(engine.awaitExit(WAIT)).isEqualTo(1);
            SimEngineProcess.await(
                    WAIT,
                    "the message",
                    () -> engine.stdout().stream().anyMatch(l -> l.contains("CUDA out of memory")));
        }
    }

    @Test
    void sigtermExits0() {
        SimEngineProcess engine = SimEngineProcess.startHealthy(Map.of());
        engine.close();
        assertThat(engine.process.exitValue()).isZero();
        SimEngineProcess.await(
                WAIT,
                "the last log line",
                () -> engine.stdout().stream().anyMatch(l -> l.contains("Finished server process")));
    }

    @Test
    void aBadPortOrVariableExits2NamingIt() {
        int port = SimEngineProcess.freePort();
        try (SimEngineProcess engine = SimEngineProcess.startRaw(Map.of(), List.of("m", "--port", "eighty"), port)) {
            assertThat(engine.awaitExit(WAIT)).isEqualTo(2);
            SimEngineProcess.await(
                    WAIT,
                    "the error",
                    () -> engine.stderr().stream().anyMatch(l -> l.contains("--port") && l.contains("eighty")));
        }
        try (SimEngineProcess engine = SimEngineProcess.startRaw(
                Map.of(SimSettings.TOKENS_PER_SECOND, "fast"), List.of("m", "--port", "" + port), port)) {
            assertThat(engine.awaitExit(WAIT)).isEqualTo(2);
            SimEngineProcess.await(
                    WAIT,
                    "the error",
                    () -> engine.stderr().stream().anyMatch(l -> l.contains(SimSettings.TOKENS_PER_SECOND)));
        }
    }
}
