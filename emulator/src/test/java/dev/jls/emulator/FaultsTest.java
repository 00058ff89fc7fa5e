package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults on demand, from Java ({@link JlsEmulator#faults()}) and over the admin routes, with real worker
 * processes of the simulated engine. One emulator for the class; each test makes and deletes its own
 * deployment. The request timeout is short so that a hung request ends; no test waits on a clock.
 */
@Tag("slow")
@JlsEmulatorTest(
        gpus = "H100:8",
        apiKeys = {"faults-key-a", "faults-key-b"},
        options = {
            "--request-timeout=8s",
            "--unresponsive-timeout=120s",
            "--crash-retries=0",
            "--worker-start-backoff=100ms",
            "--worker-stop-grace=1s",
            "--delete-grace=1s"
        })
class FaultsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static JlsEmulator emulator;
    static RawHttp http;

    @BeforeAll
    static void connect(JlsEmulator running, @EmulatorBaseUrl String baseUrl) {
        emulator = running;
        http = new RawHttp(baseUrl, "faults-key-a");
    }

    /** A deployment of the first tenant, running {@code min} healthy workers when {@code min > 0}. */
    private static String deploy(String name, int min, int max) {
        HttpResponse<String> r = http.post(
                "/management/create",
                "{\"name\": \"" + name + "\", \"gpus_to_use\": {\"gpus\": [\"H100\"]}, \"min_workers\": " + min
                        + ", \"max_workers\": " + max + ", \"concurrent_requests\": 1,"
                        + " \"args\": {\"model\": \"Qwen/Qwen3-0.6B\", \"served-model-name\": \"qwen\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = RawHttp.json(r).get("deployment_id").asText();
        if (min > 0) {
            awaitHealthy(id, min);
        }
        return id;
    }

    private static void awaitHealthy(String id, int workers) {
        Eventually.await(DEADLINE, id + " has " + workers + " healthy workers", () -> {
            JsonNode d = record(id);
            return "running".equals(d.path("status").asText())
                    && healthyWorkers(d).size() == workers;
        });
    }

    private static void delete(String id) {
        http.method("DELETE", "/management/" + id, null);
    }

    private static JsonNode record(String id) {
        return RawHttp.json(http.get("/management/" + id));
    }

    private static List<JsonNode> healthyWorkers(JsonNode record) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode w : record.path("workers").path("list")) {
            if ("healthy".equals(w.path("status").asText())) {
                out.add(w);
            }
        }
        return out;
    }

    private static String chat(int tokens, boolean stream) {
        return "{\"model\": \"qwen\", \"messages\": [{\"role\": \"user\", \"content\": \"a long story\"}],"
                + " \"max_tokens\": " + tokens + ", \"ignore_eos\": true, \"stream\": " + stream + "}";
    }

    private static String submit(String dep) {
        HttpResponse<String> r =
                http.post("/deployment/" + dep + "/v1/chat/completions", "{\"input\": " + chat(5, false) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return RawHttp.json(r).get("id").asText();
    }

    private static JsonNode awaitFinal(String dep, String rid) {
        Eventually.await(
                DEADLINE,
                rid + " is final",
                () -> List.of("Completed", "Failed", "Cancelled")
                        .contains(http.get("/deployment/" + dep + "/" + rid)
                                .headers()
                                .firstValue("X-Request-Status")
                                .orElse("?")));
        return RawHttp.json(http.get("/deployment/" + dep + "/" + rid));
    }

    /** A request that completes: the answer of a healthy worker. */
    private static void assertAnswers(String dep) {
        JsonNode answer = awaitFinal(dep, submit(dep));
        assertThat(answer.path("object").asText()).as(answer.toString()).isEqualTo("chat.completion");
    }

    private static int openAiStatus(String dep) {
        return http.post("/openai/" + dep + "/v1/chat/completions", chat(3, false))
                .statusCode();
    }

    /** The {@code data:} events of a streamed chat on the OpenAI route, to its end. */
    private static List<String> stream(String dep, int tokens) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = CLIENT.send(
                http.builder("/openai/" + dep + "/v1/chat/completions")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chat(tokens, true)))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring(6));
                }
            }
        }
        return events;
    }

    private static String faultsPath(String dep) {
        return "/_emulator/deployments/" + dep + "/faults";
    }

    @Test
    void aWorkerCrashOnTheNextRequestFailsItAndTheWorkerIsReplaced() {
        String dep = deploy("crash-next", 1, 1);
        try {
            long worker = healthyWorkers(record(dep)).get(0).path("worker_id").asLong();
            Faults set = emulator.faults().worker(dep, worker).crashOnNextRequest();
            assertThat(set.crashAfterTokens()).hasValue(0);

            JsonNode answer = awaitFinal(dep, submit(dep));
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("Failed");
            assertThat(answer.path("error").path("type").asText()).isEqualTo("worker_crashed");

            Eventually.await(DEADLINE, "a new worker replaces " + worker, () -> {
                List<JsonNode> healthy = healthyWorkers(record(dep));
                return healthy.size() == 1 && healthy.get(0).path("worker_id").asLong() != worker;
            });
            assertAnswers(dep);
            assertThatThrownBy(() -> emulator.faults().worker(dep, worker))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("not running");
        } finally {
            delete(dep);
        }
    }

    @Test
    void aCrashMidStreamCutsTheStreamWithAnErrorEventAndClearingRestoresAnswers() throws Exception {
        String dep = deploy("crash-mid-stream", 1, 1);
        try {
            HttpResponse<String> put = http.method("PUT", faultsPath(dep), "{\"crash\": {\"after_tokens\": 3}}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(RawHttp.json(put)
                            .path("faults")
                            .path("crash")
                            .path("after_tokens")
                            .asInt())
                    .isEqualTo(3);

            List<String> events = stream(dep, 50);
            assertThat(events).last().isEqualTo("[DONE]");
            assertThat(events.get(events.size() - 2)).contains("\"error\"").contains("worker_crashed");
            long tokens = events.stream()
                    .filter(e -> e.contains("\"content\"") && !e.contains("\"content\":\"\""))
                    .count();
            assertThat(tokens).as(events.toString()).isEqualTo(3);

            HttpResponse<String> cleared = http.method("DELETE", faultsPath(dep), null);
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(RawHttp.json(cleared).path("faults").path("crash").isNull())
                    .isTrue();
            // the replacement started while the crash was in force, and took the clearing once it listened
            awaitHealthy(dep, 1);
            assertThat(stream(dep, 5))
                    .last()
                    .isEqualTo("[DONE]")
                    .satisfies(all -> assertThat(String.join("\n", all)).doesNotContain("\"error\""));
        } finally {
            delete(dep);
        }
    }

    @Test
    void aHungWorkerLeavesTheRequestToTheRequestTimeout() {
        String dep = deploy("hang", 1, 1);
        try {
            assertThat(emulator.faults().deployment(dep).hang().hang()).isTrue();
            JsonNode answer = awaitFinal(dep, submit(dep));
            assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("Failed");
            assertThat(answer.path("error").path("type").asText()).isEqualTo("request_timeout");

            assertThat(emulator.faults().deployment(dep).clear()).isEqualTo(Faults.NONE);
            assertAnswers(dep);
        } finally {
            delete(dep);
        }
    }

    @Test
    void aSlowWorkerTakesAtLeastTheTimeToFirstTokenByItsOwnClock() {
        String dep = deploy("slow", 1, 1);
        try {
            Faults set = emulator.faults().deployment(dep).slow(Duration.ofMillis(300), 50);
            assertThat(set.slow()).contains(new Faults.Slow(Duration.ofMillis(300), 50));
            assertAnswers(dep);

            // the engine writes its log in batches: its line for the request comes a little later
            Pattern line = Pattern.compile("POST /v1/chat/completions 200 stream=false .* (\\d+) ms");
            String[] logs = new String[1];
            Eventually.await(DEADLINE, "the engine logs the request", () -> {
                logs[0] = http.get("/management/" + dep + "/logs?tail=200").body();
                return line.matcher(logs[0]).find();
            });
            assertThat(logs[0]).contains("first token 300 ms, 50.0 tokens/s");
            Matcher request = line.matcher(logs[0]);
            assertThat(request.find()).isTrue();
            assertThat(Long.parseLong(request.group(1))).as(logs[0]).isGreaterThanOrEqualTo(300);
        } finally {
            delete(dep);
        }
    }

    @Test
    void failingTheNextTwoStartsThenRunning() {
        String dep = deploy("fail-starts", 1, 2);
        try {
            Faults set = emulator.faults().deployment(dep).failNextStarts(2, "CUDA out of memory (injected)");
            assertThat(set.failNextStarts()).contains(new Faults.FailStarts(2, "CUDA out of memory (injected)"));
            assertThat(http.method("PATCH", "/management/" + dep, "{\"min_workers\": 2}")
                            .statusCode())
                    .isEqualTo(200);

            awaitHealthy(dep, 2);
            // both failures were spent on starts, and the deployment never failed (3 attempts allowed)
            assertThat(emulator.faults().deployment(dep).current()).isEqualTo(Faults.NONE);
            assertThat(record(dep).path("status").asText()).isEqualTo("running");
        } finally {
            delete(dep);
        }
    }

    @Test
    void anErrorRateWithASeedFailsTheSameRequestsEachTime() {
        String dep = deploy("error-rate", 1, 1);
        try {
            List<List<Integer>> runs = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                emulator.faults().deployment(dep).errorRate(0.5, 42);
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    statuses.add(openAiStatus(dep));
                }
                runs.add(statuses);
            }
            assertThat(runs.get(1)).isEqualTo(runs.get(0));
            assertThat(runs.get(0)).contains(200).contains(500);

            emulator.faults().deployment(dep).clear();
            for (int i = 0; i < 4; i++) {
                assertThat(openAiStatus(dep)).isEqualTo(200);
            }
        } finally {
            delete(dep);
        }
    }

    @Test
    void aWorkerFaultHitsThatWorkerOnly() {
        String dep = deploy("per-worker", 2, 2);
        try {
            List<JsonNode> workers = healthyWorkers(record(dep));
            long faulty = workers.get(0).path("worker_id").asLong();
            int faultyPort = workers.get(0).path("port").asInt();
            int healthyPort = workers.get(1).path("port").asInt();
            String path = "/_emulator/deployments/" + dep + "/workers/" + faulty + "/faults";

            HttpResponse<String> put = http.method("PUT", path, "{\"error_rate\": {\"rate\": 1, \"seed\": 3}}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(RawHttp.json(put).path("worker_id").asLong()).isEqualTo(faulty);
            assertThat(engineStatus(faultyPort)).isEqualTo(500);
            assertThat(engineStatus(healthyPort)).isEqualTo(200);
            assertThat(RawHttp.json(http.get(faultsPath(dep)))
                            .path("faults")
                            .path("error_rate")
                            .isNull())
                    .isTrue();
            assertThat(RawHttp.json(http.get(path))
                            .path("faults")
                            .path("error_rate")
                            .path("rate")
                            .asDouble())
                    .isEqualTo(1.0);

            assertThat(http.method("DELETE", path, null).statusCode()).isEqualTo(200);
            assertThat(engineStatus(faultyPort)).isEqualTo(200);
        } finally {
            delete(dep);
        }
    }

    /** A chat sent straight to a worker's engine, past the emulator. */
    private static int engineStatus(int port) {
        try {
            return CLIENT.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(chat(2, false)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anotherTenantsDeploymentIsNotFound() {
        String dep = deploy("other-tenant", 0, 1);
        try {
            RawHttp other = http.withKey("faults-key-b");
            assertThat(other.get(faultsPath(dep)).statusCode()).isEqualTo(404);
            HttpResponse<String> put = other.method("PUT", faultsPath(dep), "{\"hang\": true}");
            assertThat(put.statusCode()).isEqualTo(404);
            assertThat(RawHttp.json(put).path("detail").asText()).contains(dep);
            assertThat(emulator.faults().deployment(dep).current()).isEqualTo(Faults.NONE);
            assertThat(http.withKey("no-such-key").get(faultsPath(dep)).statusCode())
                    .isEqualTo(401);
        } finally {
            delete(dep);
        }
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        String dep = deploy("bad-values", 0, 1);
        try {
            assertRefused(dep, "{\"slow\": {\"ttft_ms\": -5}}", "slow", "ttft_ms");
            assertRefused(dep, "{\"error_rate\": {\"rate\": 1.5, \"seed\": 1}}", "error_rate", "rate");
            assertRefused(dep, "{\"fail_next_starts\": {\"count\": 0}}", "fail_next_starts", "count");
            assertRefused(dep, "{\"hang\": \"yes\"}", "hang");
            assertRefused(dep, "{\"cold_start_ms\": 1.5}", "cold_start_ms");
            assertRefused(dep, "{\"crash_now\": true}", "crash_now");
            assertThat(http.method("PUT", faultsPath(dep), "[]").statusCode()).isEqualTo(422);
            assertThat(http.get("/_emulator/deployments/" + dep + "/workers/12345/faults")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(http.get(faultsPath(RawHttp.NO_DEPLOYMENT)).statusCode()).isEqualTo(404);
            assertThatThrownBy(() -> emulator.faults().deployment(dep).errorRate(2, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rate");
            assertThat(emulator.faults().deployment(dep).current()).isEqualTo(Faults.NONE);
        } finally {
            delete(dep);
        }
    }

    private static void assertRefused(String dep, String body, String... loc) {
        HttpResponse<String> r = http.method("PUT", faultsPath(dep), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        List<String> expected = new ArrayList<>(List.of("body"));
        expected.addAll(List.of(loc));
        List<String> got = new ArrayList<>();
        RawHttp.json(r).path("detail").path(0).path("loc").forEach(p -> got.add(p.asText()));
        assertThat(got).as(r.body()).isEqualTo(expected);
    }

    @Test
    void withoutAdminRoutesTheRoutesAnswer404SayingHowToTurnThemOn() {
        try (JlsEmulator bare = RawHttp.startBare("bare-key", EmulatorOptions.DEFAULT_MAX_BODY_SIZE)) {
            assertThat(bare.options().adminRoutes()).isFalse();
            HttpResponse<String> r = new RawHttp(bare.baseUrl(), "bare-key").get(faultsPath(RawHttp.NO_DEPLOYMENT));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(RawHttp.json(r).path("detail").asText()).contains("--admin-routes");
            assertThatThrownBy(() -> bare.faults().deployment(RawHttp.NO_DEPLOYMENT))
                    .isInstanceOf(NoSuchElementException.class);
        }
    }
}
