package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.SubmitOptions;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.errors.UnprocessableEntityException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract of API.md on a real server, with workers that are in-process engines (fast, and
 * independent of the simulated engine's process); checked with plain HTTP where the exact shape
 * matters and with the SDK where users would use it.
 */
class HttpApiTest {

    static final String KEY = "key-of-tenant-one";
    static final String OTHER_KEY = "key-of-tenant-two";
    static final String SPEC = """
      {"name": "qwen", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
       "min_workers": 1, "max_workers": 2, "concurrent_requests": 4, "idle_timeout": 600,
       "wait_time": 60, "args": {"model": "Qwen/Qwen3-0.6B", "served-model-name": "qwen"},
       "env": {"HF_TOKEN": "hf_abcdefghijkl"}}""";

    static InProcessLauncher launcher;
    static JlsEmulator emulator;
    static RawHttp http;
    static JlsClient client;
    static String deployment;

    @BeforeAll
    static void start() {
        launcher = new InProcessLauncher();
        emulator = JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .addApiKey(KEY)
                        .addApiKey(OTHER_KEY)
                        .gpus("H100:4")
                        .maxBodySize(64 * 1024))
                .launcher(launcher)
                .build()
                .start();
        http = new RawHttp(emulator.baseUrl(), KEY);
        client = JlsClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey(KEY)
                .maxRetries(0)
                .build();
        HttpResponse<String> created = http.post("/management/create", SPEC);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        deployment = RawHttp.json(created).get("deployment_id").asText();
        Eventually.await(
                Duration.ofSeconds(60),
                "the deployment runs",
                () -> RawHttp.json(http.get("/management/" + deployment + "/status"))
                        .get("status")
                        .asText()
                        .equals("running"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void theSeedExchangeToTheLetter() {
        launcher.chunkDelay = Duration.ofMillis(10);
        HttpResponse<String> submitted = http.post("/deployment/" + deployment + "/v1/chat/completions", """
        {"input": {"model": "qwen", "max_tokens": 30,
                   "messages": [{"role": "user", "content": "tell me a beautiful story of moon?"}]}}""");
        assertThat(submitted.statusCode()).isEqualTo(200);
        JsonNode id = RawHttp.json(submitted);
        assertThat(id.size()).isEqualTo(1);
        String rid = id.get("id").asText();
        assertThat(rid).matches("req-[0-9a-f]{24}");

        HttpResponse<String> pending = http.get("/deployment/" + deployment + "/" + rid);
        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(RawHttp.json(pending).get("id").asText()).isEqualTo(rid);
        assertThat(RawHttp.json(pending).get("status").asText()).isIn("Queued", "Fetched", "Processing");
        assertThat(pending.headers().firstValue("X-Request-Status"))
                .contains(RawHttp.json(pending).get("status").asText());

        Eventually.await(
                Duration.ofSeconds(60),
                "the request completes",
                () -> http.get("/deployment/" + deployment + "/" + rid).statusCode() == 200);
        HttpResponse<String> done = http.get("/deployment/" + deployment + "/" + rid);
        assertThat(RawHttp.json(done).get("object").asText()).isEqualTo("chat.completion");
        assertThat(done.headers().firstValue("X-Request-Status")).contains("Completed");
    }

    @Test
    void aLongPollAnswersWhenTheRequestEnds() {
        launcher.chunkDelay = Duration.ofMillis(10);
        String rid = RawHttp.json(http.post(
                        "/deployment/" + deployment + "/v1/chat/completions",
                        "{\"input\": {\"messages\": [], \"max_tokens\": 20}}"))
                .get("id")
                .asText();
        HttpResponse<String> r = http.get("/deployment/" + deployment + "/" + rid + "?wait=60");
        // a 200 is the answer itself: had the wait ended before the request, it would be a 202
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Request-Status")).hasValue("Completed");
    }

    @Test
    void theOpenAiRouteAnswersPlainAndStreamedThroughTheSdk() {
        launcher.chunkDelay = Duration.ofMillis(1);
        ChatCompletionRequest req = ChatCompletionRequest.builder()
                .model("qwen")
                .messages(List.of(ChatMessage.user("hi")))
                .maxTokens(4)
                .build();
        ChatCompletion plain = client.openai(deployment).createChatCompletion(req);
        assertThat(plain.choices().get(0).message().content())
                .hasValueSatisfying(c -> assertThat(c).startsWith("hello from worker"));

        try (StreamResponse<ChatCompletionChunk> stream =
                client.openai(deployment).createChatCompletionStreaming(req)) {
            String text = stream.stream()
                    .flatMap(c -> c.choices().stream())
                    .map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertThat(text).isEqualTo("w0 w1 w2 w3 ");
        }

        // the model's own name is accepted too, and reaches the engine as the served name
        ChatCompletion byModel = client.openai(deployment)
                .createChatCompletion(req.toBuilder().model("Qwen/Qwen3-0.6B").build());
        assertThat(byModel.model()).isEqualTo("qwen");
        assertThat(client.openai(deployment).listModels())
                .singleElement()
                .satisfies(m -> assertThat(m.id()).isEqualTo("qwen"));
    }

    @Test
    void anUnknownModelIs404InOpenAiShape() {
        HttpResponse<String> r =
                http.post("/openai/" + deployment + "/v1/chat/completions", "{\"model\": \"gpt-4\", \"messages\": []}");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode e = RawHttp.json(r).get("error");
        assertThat(e.get("type").asText()).isEqualTo("NotFoundError");
        assertThat(e.get("param").asText()).isEqualTo("model");
        assertThat(e.get("code").asInt()).isEqualTo(404);
        assertThat(e.get("message").asText()).contains("gpt-4");
    }

    @Test
    void engineErrorsPassThroughOnOpenAiAndFailSubmittedRequests() {
        HttpResponse<String> r = http.post(
                "/openai/" + deployment + "/v1/chat/completions", "{\"messages\": [], \"fail_engine\": true}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(r).at("/error/message").asText()).isEqualTo("bad request for the engine");

        String rid = RawHttp.json(http.post(
                        "/deployment/" + deployment + "/v1/chat/completions",
                        "{\"input\": {\"messages\": [], \"fail_engine\": true}}"))
                .get("id")
                .asText();
        HttpResponse<String> failed = http.get("/deployment/" + deployment + "/" + rid + "?wait=60");
        assertThat(failed.statusCode()).isEqualTo(200);
        JsonNode body = RawHttp.json(failed);
        assertThat(body.get("status").asText()).isEqualTo("Failed");
        assertThat(body.at("/error/type").asText()).isEqualTo("engine_error");
        assertThat(body.at("/error/code").asInt()).isEqualTo(400);
        assertThat(failed.headers().firstValue("X-Request-Status")).contains("Failed");
    }

    @Test
    void theRecordMasksEnvAndListsWorkersWithTheirProcessDetails() {
        JsonNode record = RawHttp.json(http.get("/management/" + deployment));
        assertThat(record.at("/env/HF_TOKEN").asText()).isEqualTo("hf_****");
        assertThat(record.toString()).doesNotContain("abcdefghijkl");
        assertThat(record.at("/gpus_to_use/gpus/0").asText()).isEqualTo("H100");
        assertThat(record.get("status").asText()).isEqualTo("running");
        assertThat(record.at("/workers/healthy").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode w = record.at("/workers/list/0");
        assertThat(w.get("worker_id").asLong()).isPositive();
        assertThat(w.get("pid").asLong()).isPositive();
        assertThat(w.get("port").asInt()).isPositive();
        assertThat(w.get("gpus")).hasSize(1);
        assertThat(w.has("in_flight")).isTrue();
        assertThat(record.get("created_at").asText()).endsWith("+00:00");
        assertThat(record.get("start_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+");

        JsonNode list = RawHttp.json(http.get("/management/list"));
        assertThat(list.get("deployments").toString()).contains(deployment).doesNotContain("HF_TOKEN");
        assertThat(client.deployments().retrieve(deployment).env()).containsEntry("HF_TOKEN", "hf_****");
    }

    @Test
    void idempotencyKeysGiveTheSameRequestAndCancelEndsOne() {
        // Held by the engine until the end, so that it is still running when cancelled, however slowly
        // the test gets there.
        launcher.held = new java.util.concurrent.CountDownLatch(1);
        try {
            String path = "/deployment/" + deployment + "/v1/chat/completions";
            String body = "{\"input\": {\"messages\": [], \"max_tokens\": 1, \"hold\": true}}";
            String a = RawHttp.json(http.send(http.builder(path)
                            .header("Idempotency-Key", "k-1")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))))
                    .get("id")
                    .asText();
            String b = RawHttp.json(http.send(http.builder(path)
                            .header("Idempotency-Key", "k-1")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))))
                    .get("id")
                    .asText();
            assertThat(b).isEqualTo(a);

            HttpResponse<String> cancelled = http.post("/deployment/" + deployment + "/" + a + "/cancel", "");
            assertThat(cancelled.statusCode()).isEqualTo(200);
            assertThat(RawHttp.json(cancelled).get("status").asText()).isEqualTo("Cancelled");
            HttpResponse<String> fetched = http.get("/deployment/" + deployment + "/" + a);
            assertThat(RawHttp.json(fetched).get("status").asText()).isEqualTo("Cancelled");

            String done = RawHttp.json(http.post(path, "{\"input\": {\"messages\": [], \"max_tokens\": 1}}"))
                    .get("id")
                    .asText();
            http.get("/deployment/" + deployment + "/" + done + "?wait=60");
            assertThat(http.post("/deployment/" + deployment + "/" + done + "/cancel", "")
                            .statusCode())
                    .isEqualTo(409);
        } finally {
            launcher.held.countDown();
        }
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIs422NamingTheKey() {
        String path = "/deployment/" + deployment + "/v1/chat/completions";
        String first = "{\"input\": {\"messages\": [], \"max_tokens\": 1}}";
        String a = RawHttp.json(http.send(http.builder(path)
                        .header("Idempotency-Key", "k-reused")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(first))))
                .get("id")
                .asText();

        HttpResponse<String> other = http.send(http.builder(path)
                .header("Idempotency-Key", "k-reused")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"input\": {\"messages\": [], \"max_tokens\": 2}}")));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(other).get("detail").asText())
                .contains("Idempotency-Key 'k-reused'")
                .contains(a);
        // the same body again is a retry: the first request
        String again = RawHttp.json(http.send(http.builder(path)
                        .header("Idempotency-Key", "k-reused")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(first))))
                .get("id")
                .asText();
        assertThat(again).isEqualTo(a);

        ChatCompletionRequest another = ChatCompletionRequest.builder()
                .messages(List.of(ChatMessage.user("something else")))
                .build();
        assertThatThrownBy(() -> client.requests()
                        .submit(
                                deployment,
                                another,
                                SubmitOptions.builder()
                                        .idempotencyKey("k-reused")
                                        .build()))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("422")
                .hasMessageContaining("Idempotency-Key 'k-reused'");
    }

    @Test
    void keysAreTenants() {
        RawHttp none = http.withKey(null);
        HttpResponse<String> missing = none.get("/management/list");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(RawHttp.json(missing).has("detail")).isTrue();
        HttpResponse<String> wrong = http.withKey("not-a-key").get("/management/" + deployment);
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> openAi =
                http.withKey("not-a-key").post("/openai/" + deployment + "/v1/chat/completions", "{}");
        assertThat(openAi.statusCode()).isEqualTo(401);
        assertThat(RawHttp.json(openAi).at("/error/code").asInt()).isEqualTo(401);

        RawHttp other = http.withKey(OTHER_KEY);
        assertThat(other.get("/management/" + deployment).statusCode()).isEqualTo(404);
        assertThat(RawHttp.json(other.get("/management/list")).get("deployments"))
                .isEmpty();
        assertThat(other.post("/deployment/" + deployment + "/v1/chat/completions", "{\"input\": {\"messages\": []}}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(other.post("/openai/" + deployment + "/v1/chat/completions", "{\"messages\": []}")
                        .statusCode())
                .isEqualTo(404);
        String rid = RawHttp.json(http.post(
                        "/deployment/" + deployment + "/v1/chat/completions", "{\"input\": {\"messages\": []}}"))
                .get("id")
                .asText();
        assertThat(other.get("/deployment/" + deployment + "/" + rid).statusCode())
                .isEqualTo(404);

        try (JlsClient stranger = client.newBuilder().apiKey("not-a-key").build()) {
            assertThatThrownBy(() -> stranger.deployments().list()).isInstanceOf(UnauthorizedException.class);
        }
        try (JlsClient second = client.newBuilder().apiKey(OTHER_KEY).build()) {
            assertThatThrownBy(() -> second.deployments().retrieve(deployment)).isInstanceOf(NotFoundException.class);
        }
        // the server still serves its tenant
        assertThat(http.get("/management/" + deployment).statusCode()).isEqualTo(200);
    }

    @Test
    void badBodiesAreRefusedNamingTheField() {
        HttpResponse<String> malformed = http.post("/management/create", "{\"name\": ");
        assertThat(malformed.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(malformed).at("/detail/0/loc/0").asText()).isEqualTo("body");
        assertThat(RawHttp.json(malformed).at("/detail/0/msg").asText()).contains("JSON");

        HttpResponse<String> wrongType =
                http.post("/management/create", "{\"min_workers\": \"two\", \"args\": {\"model\": \"m\"}}");
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(wrongType).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"min_workers\"]");

        HttpResponse<String> outOfBounds = http.post(
                "/management/create", "{\"min_workers\": 101, \"max_workers\": 2, \"args\": {\"model\": \"m\"}}");
        assertThat(outOfBounds.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(outOfBounds).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"min_workers\"]");
        assertThat(RawHttp.json(outOfBounds).at("/detail/0/msg").asText()).isEqualTo("must be between 0 and 100");

        HttpResponse<String> noModel = http.post("/management/create", "{\"name\": \"x\"}");
        assertThat(RawHttp.json(noModel).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"args\",\"model\"]");

        HttpResponse<String> noInput =
                http.post("/deployment/" + deployment + "/v1/chat/completions", "{\"messages\": []}");
        assertThat(noInput.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(noInput).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"input\"]");

        HttpResponse<String> openAiMalformed = http.post("/openai/" + deployment + "/v1/chat/completions", "[1,");
        assertThat(openAiMalformed.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(openAiMalformed).at("/error/type").asText()).isEqualTo("BadRequestError");

        byte[] huge = new byte[200 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooBig = http.post("/deployment/" + deployment + "/v1/chat/completions", huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);

        HttpResponse<String> minAboveMax = http.method("PATCH", "/management/" + deployment, "{\"min_workers\": 5}");
        assertThat(minAboveMax.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(minAboveMax).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"min_workers\"]");
        assertThat(http.method("PATCH", "/management/" + deployment, "{\"concurrent_requests\": 5}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.method("PATCH", "/management/" + deployment, "{\"wait_time\": 700}")
                        .statusCode())
                .isEqualTo(422);
        HttpResponse<String> patched = http.method("PATCH", "/management/" + deployment, "{\"wait_time\": 120}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(patched).at("/updated/wait_time").asInt()).isEqualTo(120);
        // the server still serves
        assertThat(http.get("/management/" + deployment).statusCode()).isEqualTo(200);
    }

    /** A create body with one {@code env} entry and one {@code args} entry, as JSON text. */
    private static HttpResponse<String> createWith(String envName, String envValue, String argKey, String argValue) {
        com.fasterxml.jackson.databind.node.ObjectNode body =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        body.put("name", "refused");
        body.putObject("args").put("model", "m").put(argKey, argValue);
        body.putObject("env").put(envName, envValue);
        return http.post("/management/create", body.toString());
    }

    private static void assertRefusedNaming(HttpResponse<String> r, String... loc) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode detail = RawHttp.json(r).get("detail");
        assertThat(detail).as(r.body()).hasSize(1);
        List<String> expected = new java.util.ArrayList<>(List.of("body"));
        expected.addAll(List.of(loc));
        List<String> actual = new java.util.ArrayList<>();
        detail.get(0).get("loc").forEach(part -> actual.add(part.asText()));
        assertThat(actual).isEqualTo(expected);
        assertThat(detail.get(0).get("type").asText()).isEqualTo("value_error");
    }

    @Test
    void envThatWouldLoadCodeOrCannotBePassedIsRefusedAtCreateNamingTheVariable() {
        int before =
                RawHttp.json(http.get("/management/list")).get("deployments").size();
        HttpResponse<String> agent =
                createWith("JAVA_TOOL_OPTIONS", "-XX:OnOutOfMemoryError=cat /proc/1/cmdline", "dtype", "auto");
        assertRefusedNaming(agent, "env", "JAVA_TOOL_OPTIONS");
        assertThat(RawHttp.json(agent).at("/detail/0/msg").asText())
                .isEqualTo(
                        "JAVA_TOOL_OPTIONS changes how a runtime loads code; it is not allowed in a deployment's env");
        assertThat(agent.body()).doesNotContain("OnOutOfMemoryError");

        assertRefusedNaming(createWith("LD_PRELOAD", "/tmp/evil.so", "dtype", "auto"), "env", "LD_PRELOAD");
        assertRefusedNaming(createWith("PYTHONSTARTUP", "/tmp/x.py", "dtype", "auto"), "env", "PYTHONSTARTUP");
        assertRefusedNaming(createWith("A=B", "1", "dtype", "auto"), "env", "A=B");
        assertRefusedNaming(createWith("", "1", "dtype", "auto"), "env", "");
        assertRefusedNaming(createWith("a.b", "1", "dtype", "auto"), "env", "a.b");
        assertRefusedNaming(
                createWith("CUDA_VISIBLE_DEVICES", "0,1,2,3", "dtype", "auto"), "env", "CUDA_VISIBLE_DEVICES");

        HttpResponse<String> nul = createWith("HF_TOKEN", "hf_secret\u0000zq9rest", "dtype", "auto");
        assertRefusedNaming(nul, "env", "HF_TOKEN");
        assertThat(nul.body()).doesNotContain("hf_secret").doesNotContain("zq9rest");

        // Nothing refused was created.
        assertThat(RawHttp.json(http.get("/management/list")).get("deployments"))
                .hasSize(before);
    }

    @Test
    void argsTheEngineWouldRefuseAreRefusedAtCreateNamingTheArg() {
        HttpResponse<String> abc = createWith("HF_TOKEN", "hf_x", "max-model-len", "abc");
        assertRefusedNaming(abc, "args", "max-model-len");
        assertThat(RawHttp.json(abc).at("/detail/0/msg").asText()).contains("whole number");

        assertRefusedNaming(
                createWith("HF_TOKEN", "hf_x", "gpu-memory-utilization", "1.5"), "args", "gpu-memory-utilization");
        assertRefusedNaming(createWith("HF_TOKEN", "hf_x", "seed", "-1"), "args", "seed");
        assertRefusedNaming(createWith("HF_TOKEN", "hf_x", "port", "9000"), "args", "port");
        assertRefusedNaming(createWith("HF_TOKEN", "hf_x", "max-model-len=8", "true"), "args", "max-model-len=8");
        assertRefusedNaming(createWith("HF_TOKEN", "hf_x", "dtype", "auto\u0000"), "args", "dtype");
        assertRefusedNaming(
                createWith("HF_TOKEN", "hf_x", "compilation-config.level", "--port=1"),
                "args",
                "compilation-config.level");

        // env and args are fixed at create: a PATCH cannot bring them in later.
        assertThat(http.method("PATCH", "/management/" + deployment, "{\"env\": {\"LD_PRELOAD\": \"/tmp/x.so\"}}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(http.method("PATCH", "/management/" + deployment, "{\"args\": {\"max-model-len\": \"abc\"}}")
                        .statusCode())
                .isEqualTo(422);
    }

    @Test
    void unknownIdsAndRoutesAre404() {
        assertThat(http.get("/management/dep-000000000000").statusCode()).isEqualTo(404);
        assertThat(RawHttp.json(http.get("/management/dep-000000000000")).has("detail"))
                .isTrue();
        assertThat(http.get("/deployment/" + deployment + "/req-000000000000000000000000")
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.get("/deployment/dep-000000000000/req-000000000000000000000000")
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(http.method("PUT", "/management/list", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void healthNeedsNoKeyAndMetricsSpeakPrometheus() {
        HttpResponse<String> health = http.withKey(null).get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(health).get("status").asText()).isEqualTo("ok");
        assertThat(RawHttp.json(health).has("version")).isTrue();
        assertThat(RawHttp.json(health).get("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());

        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("# TYPE jls_requests_total counter")
                .contains("jls_requests_total{state=\"Completed\"}")
                .contains("jls_workers{deployment=\"" + deployment + "\",status=\"healthy\"}")
                .contains("jls_queue_depth{deployment=\"" + deployment + "\"}")
                .contains("jls_request_duration_seconds_bucket{le=\"+Inf\"}")
                .contains("jls_gpus{type=\"H100\",state=\"allocated\"}")
                .containsPattern("jls_gpu\\{index=\"\\d\",type=\"H100\",name=\"[^\"]+\",memory_total_mib=\"\\d+\","
                        + "holder=\"" + deployment + "/worker-\\d+\"} 1")
                .contains("holder=\"\"} 0");
        assertThat(http.withKey(OTHER_KEY).get("/metrics").body())
                .doesNotContain(deployment)
                .contains("holder=\"other\"} 1");
        assertThat(http.withKey(null).get("/metrics").statusCode()).isEqualTo(401);
    }

    @Test
    void logsAreServerSentEvents() {
        HttpResponse<String> logs = http.get("/management/" + deployment + "/logs?tail=10");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(logs.body()).containsPattern("data: \\[worker-\\d+] in-process engine");
        assertThat(http.get("/management/" + deployment + "/logs?tail=x").statusCode())
                .isEqualTo(422);
    }
}
