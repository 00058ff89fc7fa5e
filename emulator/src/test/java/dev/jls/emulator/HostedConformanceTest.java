package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator answers the exchanges of the hosted service's official client in the hosted shapes: the
 * recorded exchanges under {@code src/test/resources/hosted} (their README says where each comes from)
 * are sent as they are, and the emulator's answers are read as that client reads them.
 */
class HostedConformanceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** What one hour of an H100 costs here: enough that any moment of GPU time shows in the cost. */
    private static final double H100_PER_HOUR = 3_600_000;

    private static JlsEmulator emulator;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        emulator = JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .gpus("H100:4")
                        .deleteGrace(Duration.ZERO)
                        .gpuPrice("H100", H100_PER_HOUR))
                .launcher(new InProcessLauncher())
                .logPing(Duration.ofMillis(50))
                .build()
                .start();
        http = new RawHttp(emulator.baseUrl(), emulator.apiKey());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String fixture(String name) {
        try (InputStream in = HostedConformanceTest.class.getResourceAsStream("/hosted/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return RawHttp.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String status(String id) {
        return RawHttp.json(http.get("/management/" + id + "/status"))
                .get("status")
                .asText();
    }

    /** A running deployment of one healthy worker that has served a request. */
    private static String runningWithAWorker() {
        HttpResponse<String> created = http.post(
                "/management/create",
                "{\"name\": \"qwen\", \"gpus_to_use\": {\"gpus\": [\"H100\"]}, \"min_workers\": 1,"
                        + " \"max_workers\": 2, \"concurrent_requests\": 4, \"env\": {\"HF_TOKEN\": \"hf_secret_1\"},"
                        + " \"args\": {\"model\": \"Qwen/Qwen3-0.6B\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = RawHttp.json(created).get("deployment_id").asText();
        Eventually.await(DEADLINE, "the deployment runs", () -> status(id).equals("running"));
        String req = RawHttp.json(http.post(
                        "/deployment/" + id + "/v1/chat/completions",
                        "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}"))
                .get("id")
                .asText();
        assertThat(http.get("/deployment/" + id + "/" + req + "?wait=60").statusCode())
                .isEqualTo(200);
        return id;
    }

    // ---------------------------------------------------------------- the official client's reading of a stream

    /** One event as the official client yields it: a log line, or a notice about the stream. */
    record Event(String kind, String text) {}

    /** The official client's reading: {@code data: } lines are logs; comments are notices but {@code ping}. */
    private static List<Event> asTheClientReads(List<String> lines) {
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("data: ")) {
                events.add(new Event("log", line.substring("data: ".length())));
            } else if (line.startsWith(":")) {
                String notice = line.substring(1).strip();
                if (!notice.isEmpty() && !notice.equals("ping")) {
                    events.add(new Event("notice", notice));
                }
            }
        }
        return events;
    }

    /** Each kind of line of a recorded stream, its variable parts (status, worker id, text) wildcards. */
    private static final List<Pattern> STREAM_LINES = List.of(
            Pattern.compile(": deployment status is [a-z_]+"),
            Pattern.compile("data: \\[worker-\\d+] .*"),
            Pattern.compile(": ping"),
            Pattern.compile(": no active workers"),
            Pattern.compile(": all streams ended"),
            Pattern.compile(""));

    /** The kinds of line of {@code lines}, in order, runs of one kind as one. */
    private static List<Integer> shape(List<String> lines) {
        List<Integer> kinds = new ArrayList<>();
        for (String line : lines) {
            int kind = -1;
            for (int k = 0; k < STREAM_LINES.size(); k++) {
                if (STREAM_LINES.get(k).matcher(line).matches()) {
                    kind = k;
                    break;
                }
            }
            assertThat(kind).as("a line the hosted service sends: '%s'", line).isNotNegative();
            if (line.isEmpty() || (!kinds.isEmpty() && kinds.get(kinds.size() - 1) == kind)) {
                continue;
            }
            kinds.add(kind);
        }
        return kinds;
    }

    private static List<String> read(String path, CompletableFuture<Void> pinged) {
        return http.streamLines(path, line -> line.equals(": ping"), pinged);
    }

    // ---------------------------------------------------------------- the exchanges

    @Test
    void aFollowedLogStreamReadsAsTheHostedOneAndEndsWhenTheDeploymentIsDeleted() {
        String id = runningWithAWorker();
        CompletableFuture<Void> pinged = new CompletableFuture<>();
        CompletableFuture<List<String>> stream = CompletableFuture.supplyAsync(
                        () -> read("/management/" + id + "/logs?tail=100&follow=true", pinged))
                .orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        pinged.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(http.method("DELETE", "/management/" + id, null).statusCode())
                .isEqualTo(200);
        List<String> lines = stream.join();

        List<String> recorded = fixture("logs-follow.txt").lines().toList();
        // the recorded stream pings between lines; here the pings come after the tail, which is all there is
        assertThat(shape(lines)).isEqualTo(List.of(0, 1, 2, 4));
        assertThat(shape(recorded)).isEqualTo(List.of(0, 1, 2, 1, 4));
        List<Event> events = asTheClientReads(lines);
        List<Event> expected = asTheClientReads(recorded);
        assertThat(events).first().isEqualTo(expected.get(0));
        assertThat(events).last().isEqualTo(expected.get(expected.size() - 1));
        assertThat(events.subList(1, events.size() - 1))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo("log"));
        assertThat(events).noneMatch(e -> e.text().equals("ping") || e.text().contains("keep-alive"));
    }

    @Test
    void aStreamThatDoesNotFollowEndsAsAFollowedOneDoes() {
        String id = runningWithAWorker();
        List<String> lines = read("/management/" + id + "/logs?tail=100&follow=false", new CompletableFuture<>());
        assertThat(shape(lines)).isEqualTo(List.of(0, 1, 4));
        assertThat(asTheClientReads(lines)).last().isEqualTo(new Event("notice", "all streams ended"));
        http.method("DELETE", "/management/" + id, null);
    }

    @Test
    void aCreateWithMaxWorkersZeroIsAcceptedAndItsRequestsEndWithQueueTimeout() {
        JsonNode sent = json(fixture("create-request.json"));
        HttpResponse<String> created = http.post("/management/create", sent.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = RawHttp.json(created).get("deployment_id").asText();
        assertThat(status(id)).isEqualTo("running");

        String req = RawHttp.json(http.post(
                        "/deployment/" + id + "/v1/chat/completions",
                        "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}}"))
                .get("id")
                .asText();
        JsonNode ended = RawHttp.json(http.get("/deployment/" + id + "/" + req + "?wait=60"));
        assertThat(ended.get("status").asText()).isEqualTo("Failed");
        assertThat(ended.at("/error/type").asText()).isEqualTo("queue_timeout");
        JsonNode record = RawHttp.json(http.get("/management/" + id));
        assertThat(record.get("max_workers").asInt()).isZero();
        assertThat(record.at("/workers/total").asInt()).isZero();
        assertThat(record.get("total_cost").asDouble()).isZero();

        List<String> logs = read("/management/" + id + "/logs?follow=true", new CompletableFuture<>());
        assertThat(logs).isEqualTo(fixture("logs-no-workers.txt").lines().toList());
        assertThat(http.method("DELETE", "/management/" + id, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void workerBoundsChangeOnlyAsAPairThatHoldsAndMinStaysAtMostMax() {
        String id = runningWithAWorker();
        // an emulator extension (the official client never sends it): how max_workers 0 is raised
        HttpResponse<String> patched = http.method("PATCH", "/management/" + id, "{\"max_workers\": 3}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(RawHttp.json(patched).at("/updated/max_workers").asInt()).isEqualTo(3);
        HttpResponse<String> crossed = http.method("PATCH", "/management/" + id, "{\"min_workers\": 4}");
        assertThat(crossed.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(crossed).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"min_workers\"]");

        JsonNode sent = json(fixture("create-request.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sent).put("min_workers", 1);
        HttpResponse<String> refused = http.post("/management/create", sent.toString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(RawHttp.json(refused).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"min_workers\"]");
        http.method("DELETE", "/management/" + id, null);
    }

    @Test
    void theRecordHasTheHostedFieldsTypesAndTimeFormats() {
        String id = runningWithAWorker();
        JsonNode record = RawHttp.json(http.get("/management/" + id));
        sameShape("", json(fixture("deployment-record.json")), record);
        http.method("DELETE", "/management/" + id, null);
    }

    /** Every field of {@code hosted} is in {@code ours}, of the same JSON type; times written alike. */
    private static void sameShape(String at, JsonNode hosted, JsonNode ours) {
        assertThat(ours).as(at).isNotNull();
        if (hosted.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = hosted.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                sameShape(at + "/" + f.getKey(), f.getValue(), ours.get(f.getKey()));
            }
        } else if (hosted.isArray()) {
            assertThat(ours.isArray()).as(at).isTrue();
            assertThat(ours.size()).as(at).isPositive();
            sameShape(at + "/0", hosted.get(0), ours.get(0));
        } else if (hosted.isNumber()) {
            assertThat(ours.isNumber()).as(at + " is a number: " + ours).isTrue();
        } else if (hosted.isTextual()) {
            assertThat(ours.isTextual()).as(at + " is text: " + ours).isTrue();
            if (at.endsWith("_time") || at.endsWith("_at") || at.endsWith("last_used")) {
                assertThat(digitsAsNines(ours.asText())).as(at).isEqualTo(digitsAsNines(hosted.asText()));
            }
        } else {
            assertThat(ours.getNodeType()).as(at).isEqualTo(hosted.getNodeType());
        }
    }

    private static String digitsAsNines(String s) {
        return s.replaceAll("\\d", "9");
    }

    @Test
    void patchAndDeleteAnswerInTheHostedShapes() {
        String id = runningWithAWorker();
        HttpResponse<String> patched = http.method("PATCH", "/management/" + id, fixture("patch-request.json"));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode answer = RawHttp.json(patched);
        JsonNode recorded = json(fixture("patch-answer.json"));
        assertThat(answer.fieldNames()).toIterable().containsExactlyElementsOf(() -> recorded.fieldNames());
        // the hosted answer holds the changed fields; ours holds the whole record, those fields among them
        recorded.get("updated")
                .fields()
                .forEachRemaining(f -> assertThat(answer.at("/updated/" + f.getKey()))
                        .as(f.getKey())
                        .isEqualTo(f.getValue()));

        HttpResponse<String> deleted = http.method("DELETE", "/management/" + id, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(RawHttp.json(deleted)).isEqualTo(json(fixture("delete-answer.json")));
        HttpResponse<String> after = http.get("/management/" + id + "/status");
        // deleting, or already gone: this emulator's delete grace is zero
        assertThat(after.statusCode() == 404
                        || RawHttp.json(after).get("status").asText().equals("deleting"))
                .as(after.body())
                .isTrue();
    }

    @Test
    void totalCostCountsTheWorkersGpuTimeInTheRecordAndTheList() {
        String id = runningWithAWorker();
        Eventually.await(
                DEADLINE,
                "the worker's GPU time costs",
                () -> RawHttp.json(http.get("/management/" + id))
                                .get("total_cost")
                                .asDouble()
                        > 0);
        JsonNode listed = null;
        for (JsonNode d : RawHttp.json(http.get("/management/list")).get("deployments")) {
            if (d.get("deployment_id").asText().equals(id)) {
                listed = d;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("total_cost").asDouble()).isPositive();
        assertThat(listed.get("currency").asText()).isEqualTo("USD");
        http.method("DELETE", "/management/" + id, null);
    }
}
