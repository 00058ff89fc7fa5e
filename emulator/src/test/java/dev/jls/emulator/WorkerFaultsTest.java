package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workers that die, hang or lose their client in the middle of a request, with real worker processes:
 * whatever they do, every accepted request reaches a final state and nothing is left holding a slot.
 * Signals go to the simulated engine's process as an operator (or the kernel) would send them.
 */
@Tag("slow")
@JlsEmulatorTest(
        gpus = "H100:8",
        options = {
            "--unresponsive-timeout=3s",
            "--worker-start-backoff=200ms",
            "--worker-stop-grace=2s",
            "--delete-grace=2s"
        })
class WorkerFaultsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient STREAMS =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static RawHttp http;

    @BeforeAll
    static void connect(@EmulatorBaseUrl String baseUrl, @EmulatorApiKey String key) {
        http = new RawHttp(baseUrl, key);
    }

    /** A deployment whose answers are paced, so that a request is surely in flight for a while. */
    private static String deploy(String name, int min, int max, Map<String, String> env) {
        return deploy(name, min, max, 1, env);
    }

    private static String deploy(String name, int min, int max, int concurrent, Map<String, String> env) {
        StringBuilder envJson = new StringBuilder("{\"JLS_SIM_TOKENS_PER_SECOND\": \"20\"");
        env.forEach((k, v) ->
                envJson.append(", \"").append(k).append("\": \"").append(v).append('"'));
        envJson.append('}');
        HttpResponse<String> r = http.post(
                "/management/create",
                "{\"name\": \"" + name + "\","
                        + " \"gpus_to_use\": {\"gpus\": [\"H100\"]}, \"min_workers\": " + min + ","
                        + " \"max_workers\": " + max + ", \"concurrent_requests\": " + concurrent
                        + ", \"args\": {\"model\": \"Qwen/Qwen3-0.6B\","
                        + " \"served-model-name\": \"qwen\"}, \"env\": " + envJson + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = RawHttp.json(r).get("deployment_id").asText();
        Eventually.await(
                DEADLINE,
                name + " is running",
                () -> "running".equals(record(id).path("status").asText()));
        return id;
    }

    private static JsonNode record(String id) {
        return RawHttp.json(http.get("/management/" + id));
    }

    private static String chat(int tokens, boolean stream) {
        return "{\"model\": \"qwen\", \"messages\": [{\"role\": \"user\", \"content\": \"a long story\"}],"
                + " \"max_tokens\": " + tokens + ", \"ignore_eos\": true, \"stream\": " + stream + "}";
    }

    private static String submit(String dep, int tokens) {
        HttpResponse<String> r =
                http.post("/deployment/" + dep + "/v1/chat/completions", "{\"input\": " + chat(tokens, false) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RawHttp.json(r).get("id").asText();
    }

    private static String stateOf(String dep, String rid) {
        return http.get("/deployment/" + dep + "/" + rid)
                .headers()
                .firstValue("X-Request-Status")
                .orElse("?");
    }

    /** The request's answer once it is final. */
    private static JsonNode awaitFinal(String dep, String rid) {
        Eventually.await(
                DEADLINE,
                rid + " is final",
                () -> List.of("Completed", "Failed", "Cancelled").contains(stateOf(dep, rid)));
        return RawHttp.json(http.get("/deployment/" + dep + "/" + rid));
    }

    /** The pid of the worker that runs something, once one does. */
    private static long busyWorkerPid(String dep) {
        long[] pid = {-1};
        Eventually.await(DEADLINE, "a worker of " + dep + " has a request in flight", () -> {
            for (JsonNode w : record(dep).path("workers").path("list")) {
                if (w.path("in_flight").asInt() > 0) {
                    pid[0] = w.path("pid").asLong();
                    return true;
                }
            }
            return false;
        });
        return pid[0];
    }

    private static void signal(String name, long pid) {
        try {
            int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(code).as("kill -" + name + " " + pid).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitGone(long pid) {
        Eventually.await(
                DEADLINE,
                "process " + pid + " is gone",
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    /** A streamed chat on the OpenAI route, read line by line. */
    private static final class Stream implements AutoCloseable {
        final InputStream body;
        final BufferedReader lines;
        final List<String> events = new ArrayList<>();

        Stream(String dep, int tokens) {
            try {
                HttpResponse<InputStream> r = STREAMS.send(
                        http.builder("/openai/" + dep + "/v1/chat/completions")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(chat(tokens, true)))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                body = r.body();
                lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Reads the next {@code data:} event. */
        String next() throws IOException {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                    return line.substring(6);
                }
            }
            return null;
        }

        /** Reads to the end of the stream. */
        List<String> rest() throws IOException {
            while (next() != null) {
                // kept in events
            }
            return events;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    @Test
    void aStoppedWorkerIsKilledAndItsRequestRetriedOnItsReplacement() {
        String dep = deploy("sigstop-plain", 1, 1, Map.of());
        String rid = submit(dep, 100);
        long pid = busyWorkerPid(dep);
        signal("STOP", pid);

        JsonNode answer = awaitFinal(dep, rid);
        assertThat(answer.path("object").asText()).as(answer.toString()).isEqualTo("chat.completion");
        awaitGone(pid);
        Eventually.await(
                DEADLINE,
                "min_workers restored",
                () -> record(dep).path("workers").path("healthy").asInt() == 1);
    }

    @Test
    void aStreamWhoseWorkerIsStoppedEndsWithAnErrorEventThenDone() throws IOException {
        String dep = deploy("sigstop-stream", 1, 1, Map.of());
        try (Stream s = new Stream(dep, 400)) {
            assertThat(s.next()).contains("chat.completion.chunk");
            long pid = busyWorkerPid(dep);
            signal("STOP", pid);
            List<String> events = s.rest();
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            assertThat(events.get(events.size() - 2)).contains("\"error\"").contains("worker_unresponsive");
            awaitGone(pid);
        }
    }

    @Test
    void aKilledWorkersRequestIsRetriedAndAKilledStreamEndsWithAnErrorEvent() throws IOException {
        String dep = deploy("sigkill", 1, 1, Map.of());
        String rid = submit(dep, 100);
        long pid = busyWorkerPid(dep);
        signal("KILL", pid);
        assertThat(awaitFinal(dep, rid).path("object").asText()).isEqualTo("chat.completion");

        try (Stream s = new Stream(dep, 400)) {
            assertThat(s.next()).contains("chat.completion.chunk");
            signal("KILL", busyWorkerPid(dep));
            List<String> events = s.rest();
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            assertThat(events.get(events.size() - 2)).contains("worker_crashed");
        }
    }

    @Test
    void anEngineThatAcceptsRequestsAndNeverAnswersFailsThemWorkerUnresponsive() {
        String dep = deploy("hang", 1, 1, Map.of("JLS_SIM_HANG", "true"));
        String rid = submit(dep, 10);
        JsonNode answer = awaitFinal(dep, rid);
        assertThat(answer.path("status").asText()).isEqualTo("Failed");
        assertThat(answer.path("error").path("type").asText()).isEqualTo("worker_unresponsive");
    }

    @Test
    void aClientThatDropsMidStreamFreesTheSlotForTheNextRequest() throws IOException {
        String dep = deploy("drop", 1, 1, Map.of());
        try (Stream s = new Stream(dep, 400)) {
            assertThat(s.next()).contains("chat.completion.chunk");
        }
        Eventually.await(DEADLINE, "the dropped stream's slot is free", () -> {
            JsonNode w = record(dep).path("workers").path("list").path(0);
            return w.path("status").asText().equals("healthy")
                    && w.path("in_flight").asInt() == 0;
        });
        String rid = submit(dep, 5);
        assertThat(awaitFinal(dep, rid).path("object").asText()).isEqualTo("chat.completion");
    }

    @Test
    void deletingUnderLoadEndsEveryAcceptedRequest() {
        String dep = deploy("delete-under-load", 1, 2, 4, Map.of());
        Map<Integer, List<String>> streams = new ConcurrentHashMap<>();
        CountDownLatch streaming = new CountDownLatch(4);
        List<CompletableFuture<Void>> live = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            live.add(CompletableFuture.runAsync(() -> {
                try (Stream s = new Stream(dep, 400)) {
                    s.next();
                    streaming.countDown();
                    streams.put(n, s.rest());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        try {
            assertThat(streaming.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            submitted.add(submit(dep, 40));
        }
        assertThat(http.method("DELETE", "/management/" + dep, null).statusCode())
                .isEqualTo(200);

        for (String rid : submitted) {
            JsonNode answer = awaitFinal(dep, rid);
            if (answer.has("status")) {
                assertThat(answer.path("error").path("type").asText()).isEqualTo("deployment_deleted");
            } else {
                assertThat(answer.path("object").asText()).isEqualTo("chat.completion");
            }
        }
        CompletableFuture.allOf(live.toArray(CompletableFuture[]::new)).join();
        assertThat(streams).hasSize(4);
        streams.values().forEach(events -> assertThat(events).last().isEqualTo("[DONE]"));
        Eventually.await(
                DEADLINE,
                "the deployment is gone",
                () -> http.get("/management/" + dep).statusCode() == 404);
    }
}
