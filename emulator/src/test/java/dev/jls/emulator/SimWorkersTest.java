package dev.jls.emulator;

import static dev.jls.emulator.SimQwen.chat;
import static dev.jls.emulator.SimQwen.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.models.WorkerInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulator as users run it: a real server, real worker processes running the simulated engine,
 * the SDK as client. Concurrency is measured on the worker side, from the engine's own metrics.
 */
@Tag("slow")
@JlsEmulatorTest(
        gpus = "H100:6",
        options = {"--worker-start-backoff=200ms", "--worker-stop-grace=2s", "--delete-grace=2s"})
class SimWorkersTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** How each test waits for a deployment to run: generously, polling often. */
    private static final WaitOptions UNTIL_RUNNING = WaitOptions.builder()
            .timeout(DEADLINE)
            .pollInterval(Duration.ofMillis(50))
            .build();

    static JlsClient client;
    static RawHttp http;

    @BeforeAll
    static void connect(JlsClient c, @EmulatorBaseUrl String baseUrl, @EmulatorApiKey String key) {
        client = c;
        http = new RawHttp(baseUrl, key);
    }

    /** Submits {@code request} and waits for its answer. */
    private static ChatCompletion submitAndAwait(String dep, ChatCompletionRequest request) {
        return client.requests()
                .awaitChatCompletion(dep, client.requests().submit(dep, request).id());
    }

    private static Deployment record(String id) {
        return client.deployments().retrieve(id);
    }

    private static List<WorkerInfo> workers(String id) {
        return record(id).workers().map(w -> w.list()).orElse(List.of());
    }

    /** A gauge of a worker's engine, read from its own {@code /metrics}. */
    private static double engineMetric(int port, String name) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)")
                    .matcher(r.body());
            return m.find() ? Double.parseDouble(m.group(2)) : 0;
        } catch (Exception e) {
            throw new AssertionError("metrics of the engine on port " + port, e);
        }
    }

    @Test
    void theSeedExchangeWithAColdStartThenTheOpenAiRoutePlainAndStreamed(JlsEmulator emulator) {
        assertThat(emulator.isRunning()).isTrue();
        // The cold start must outlast the look at the pending request: a JVM start plus this, which a
        // loaded machine stretches as much as it stretches the test.
        String dep = client.deployments()
                .create(spec("seed")
                        .minWorkers(0)
                        .maxWorkers(1)
                        .putEnv("JLS_SIM_STARTUP_MS", "3000")
                        .build());
        String rid = client.requests()
                .submit(dep, chat("tell me a beautiful story of moon?", 12))
                .id();

        HttpResponse<String> pending = http.get("/deployment/" + dep + "/" + rid);
        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(RawHttp.json(pending).get("status").asText()).isIn("Queued", "Fetched");

        ChatCompletion answer = client.requests().awaitChatCompletion(dep, rid);
        assertThat(answer.object()).isEqualTo("chat.completion");
        assertThat(answer.model()).isEqualTo("qwen");
        assertThat(answer.choices().get(0).message().content()).isPresent();
        HttpResponse<String> done = http.get("/deployment/" + dep + "/" + rid);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(done).get("object").asText()).isEqualTo("chat.completion");

        ChatCompletionRequest req = chat("the moon and the sea", 16);
        ChatCompletion plain = client.openai(dep).createChatCompletion(req);
        String streamed;
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> s = client.openai(dep)
                .createChatCompletionStreaming(
                        req.toBuilder().streamOptions(StreamOptions.withUsage()).build())) {
            List<ChatCompletionChunk> chunks = s.stream().toList();
            streamed = chunks.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
            usageChunks = chunks.stream().filter(c -> c.usage().isPresent()).count();
        }
        assertThat(streamed)
                .isEqualTo(plain.choices().get(0).message().content().orElseThrow());
        assertThat(usageChunks).isEqualTo(1);
        client.deployments().delete(dep);
    }

    @Test
    void aBurstScalesToMaxWorkersNeverBeyondAndNoWorkerRunsMoreThanItsSlots() throws Exception {
        String dep = client.deployments()
                .create(spec("burst")
                        .minWorkers(0)
                        .maxWorkers(3)
                        .concurrentRequests(2)
                        .putEnv("JLS_SIM_TOKENS_PER_SECOND", "60")
                        .build());
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger mostWorkers = new AtomicInteger();
        List<String> gpuClashes = new ArrayList<>();
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (sampling.get()) {
                List<WorkerInfo> ws = workers(dep);
                mostWorkers.accumulateAndGet(ws.size(), Math::max);
                Set<Integer> seen = new HashSet<>();
                for (WorkerInfo w : ws) {
                    for (int g : w.gpus()) {
                        if (!seen.add(g)) {
                            gpuClashes.add("GPU " + g + " on two workers: " + ws);
                        }
                    }
                }
            }
        });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(client.requests().submit(dep, chat("burst " + i, 20)).id());
        }
        for (String id : ids) {
            client.requests().await(dep, id);
        }
        sampling.set(false);
        sampler.get();

        assertThat(mostWorkers.get()).isEqualTo(3);
        assertThat(gpuClashes).isEmpty();
        // the last to start may still be loading when the others have served the burst
        Eventually.await(
                DEADLINE,
                "all three workers are healthy",
                () -> workers(dep).stream()
                                .filter(w -> w.status().asString().equals("healthy"))
                                .count()
                        == 3);
        List<WorkerInfo> ws = workers(dep);
        assertThat(ws).hasSize(3);
        double served = 0;
        for (WorkerInfo w : ws) {
            int port = w.port().orElseThrow();
            // a worker that became healthy after the others had served the burst may have run none
            assertThat(engineMetric(port, "jls_sim:max_requests_running"))
                    .as("most requests at once on worker %s", w.workerId())
                    .isLessThanOrEqualTo(2.0);
            served += engineMetric(port, "jls_sim:requests_total");
        }
        assertThat(served).isEqualTo(12);
        client.deployments().delete(dep);
    }

    @Test
    void theModelCardCarriesTheContextLengthItsWorkerReports() {
        String dep = client.deployments()
                .create(spec("card").minWorkers(1).maxWorkers(1).build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);

        // the args set no max-model-len: the simulated engine's default is what its worker reports
        assertThat(client.openai(dep).listModels())
                .singleElement()
                .satisfies(card -> assertThat(card.maxModelLen()).contains(8192));
        client.deployments().delete(dep);
    }

    @Test
    void minWorkersAreKeptAndAKilledOneIsReplaced() {
        String dep = client.deployments()
                .create(spec("keep").minWorkers(1).maxWorkers(1).idleTimeout(0).build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);
        long pid = workers(dep).get(0).pid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Eventually.await(DEADLINE, "a new worker is healthy", () -> {
            List<WorkerInfo> ws = workers(dep);
            return ws.size() == 1
                    && ws.get(0).pid().orElse(pid) != pid
                    && ws.get(0).status().asString().equals("healthy");
        });
        assertThat(submitAndAwait(dep, chat("still here", 4)).choices()).isNotEmpty();
        client.deployments().delete(dep);
    }

    @Test
    void aWorkerKilledMidRequestIsReplacedAndTheRequestRetriedElsewhere() {
        String dep = client.deployments()
                .create(spec("crash")
                        .minWorkers(2)
                        .maxWorkers(2)
                        .concurrentRequests(1)
                        .putEnv("JLS_SIM_TOKENS_PER_SECOND", "20")
                        .build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);
        String rid = client.requests().submit(dep, chat("long answer", 30)).id();
        Eventually.await(
                DEADLINE,
                "a worker takes the request",
                () -> workers(dep).stream().anyMatch(w -> w.inFlight().orElse(0) == 1));
        WorkerInfo busy = workers(dep).stream()
                .filter(w -> w.inFlight().orElse(0) == 1)
                .findFirst()
                .orElseThrow();
        ProcessHandle.of(busy.pid().orElseThrow()).orElseThrow().destroyForcibly();

        ChatCompletion answer = client.requests().awaitChatCompletion(dep, rid);
        assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(30);
        Eventually.await(DEADLINE, "the dead worker is replaced", () -> {
            List<WorkerInfo> ws = workers(dep);
            return ws.size() == 2
                    && ws.stream().noneMatch(w -> w.pid().equals(busy.pid()))
                    && ws.stream().allMatch(w -> w.status().asString().equals("healthy"));
        });
        client.deployments().delete(dep);
    }

    @Test
    void aWorkerThatNeverBecomesHealthyFailsTheDeploymentWithReasonAndLogTail() {
        String dep = client.deployments()
                .create(spec("broken")
                        .minWorkers(1)
                        .maxWorkers(1)
                        .putEnv("JLS_SIM_START_FAILURE", "CUDA error: no kernel image is available")
                        .build());
        assertThatThrownBy(() -> client.deployments().awaitRunning(dep, UNTIL_RUNNING))
                .isInstanceOfSatisfying(
                        DeploymentFailedException.class,
                        e -> assertThat(e.errorMessage())
                                .hasValueSatisfying(m -> assertThat(m)
                                        .contains("failed to start")
                                        .contains("CUDA error: no kernel image")));
        assertThat(record(dep).errorMessage().orElseThrow()).contains("last lines of the worker's log");
        assertThat(workers(dep)).isEmpty();
        client.deployments().delete(dep);
    }

    @Test
    void aClientThatDropsAStreamCancelsItOnTheWorkerAndFreesTheSlot() {
        String dep = client.deployments()
                .create(spec("drop")
                        .minWorkers(1)
                        .maxWorkers(1)
                        .concurrentRequests(1)
                        .putEnv("JLS_SIM_TOKENS_PER_SECOND", "20")
                        .build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);
        int port = workers(dep).get(0).port().orElseThrow();
        try (StreamResponse<ChatCompletionChunk> s =
                client.openai(dep).createChatCompletionStreaming(chat("a very long story", 400))) {
            Iterator<ChatCompletionChunk> it = s.stream().iterator();
            it.next();
            it.next();
            assertThat(engineMetric(port, "vllm:num_requests_running")).isEqualTo(1);
        }
        Eventually.await(
                DEADLINE, "the engine stops generating", () -> engineMetric(port, "vllm:num_requests_running") == 0);
        Eventually.await(
                DEADLINE,
                "the slot is free",
                () -> workers(dep).get(0).inFlight().orElse(-1) == 0);
        assertThat(submitAndAwait(dep, chat("next", 3)).choices()).isNotEmpty();
        client.deployments().delete(dep);
    }

    @Test
    void deleteUnderLoadEndsEveryRequestAndLeavesNoWorker() {
        String dep = client.deployments()
                .create(spec("doomed")
                        .minWorkers(1)
                        .maxWorkers(1)
                        .concurrentRequests(2)
                        .putEnv("JLS_SIM_TOKENS_PER_SECOND", "20")
                        .build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);
        long pid = workers(dep).get(0).pid().orElseThrow();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(client.requests().submit(dep, chat("doomed " + i, 200)).id());
        }
        client.deployments().delete(dep);
        Eventually.await(DEADLINE, "the deployment is gone", () -> {
            try {
                client.deployments().retrieve(dep);
                return false;
            } catch (NotFoundException e) {
                return true;
            }
        });
        for (String id : ids) {
            RequestResult r = client.requests().fetch(dep, id);
            assertThat(r)
                    .isInstanceOfSatisfying(
                            RequestResult.Failed.class,
                            f -> assertThat(f.error().type()).isEqualTo("deployment_deleted"));
        }
        Eventually.await(
                DEADLINE,
                "its worker process is gone",
                () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void logsCarryTheWorkersOutput() {
        String dep = client.deployments()
                .create(spec("logs").minWorkers(1).maxWorkers(1).build());
        client.deployments().awaitRunning(dep, UNTIL_RUNNING);
        HttpResponse<String> logs = http.get("/management/" + dep + "/logs?tail=50");
        assertThat(logs.body()).contains("data: ").contains("Application startup complete");
        assertThat(http.get("/metrics").body())
                .contains("jls_workers{deployment=\"" + dep + "\",status=\"healthy\"} 1");
        client.deployments().delete(dep);
    }
}
