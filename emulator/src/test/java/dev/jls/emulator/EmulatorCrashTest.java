package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An emulator process on a data directory, killed with SIGKILL in the middle of a burst of submissions,
 * then started again on the same directory: every request id that was answered {@code 200} is known
 * again and reaches a final state with a reason.
 */
@Tag("slow")
class EmulatorCrashTest {

    private static final String KEY = "crash-test-key";
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final int ACCEPTED_BEFORE_THE_KILL = 300;

    @TempDir
    Path data;

    @Test
    void everyAcceptedRequestEndsAfterAKillAndARestart() throws Exception {
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        String deployment;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        AtomicBoolean go = new AtomicBoolean(true);
        try (ChildEmulator first = ChildEmulator.start(DEADLINE, KEY, "--data-dir", data.toString())) {
            RawHttp http = new RawHttp(first.baseUrl(), KEY);
            HttpResponse<String> created = http.post("/management/create", """
                    {"name": "crash", "min_workers": 1, "max_workers": 1, "concurrent_requests": 16,
                     "wait_time": 600, "args": {"model": "m", "served-model-name": "m"},
                     "env": {"JLS_SIM_TTFT_MS": "200"}}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            deployment = RawHttp.json(created).get("deployment_id").asText();
            String path = "/deployment/" + deployment + "/v1/chat/completions";
            for (int t = 0; t < 8; t++) {
                clients.execute(() -> {
                    while (go.get()) {
                        try {
                            HttpResponse<String> r = http.post(path, """
                                    {"input": {"model": "m", "max_tokens": 4,
                                               "messages": [{"role": "user", "content": "hi"}]}}""");
                            if (r.statusCode() == 200) {
                                accepted.add(RawHttp.json(r).get("id").asText());
                            }
                        } catch (UncheckedIOException | IllegalStateException gone) {
                            return; // the emulator was killed
                        }
                    }
                });
            }
            Eventually.await(
                    DEADLINE,
                    ACCEPTED_BEFORE_THE_KILL + " submissions accepted",
                    () -> accepted.size() >= ACCEPTED_BEFORE_THE_KILL);
            first.handle().destroyForcibly();
            first.handle().onExit().get(30, TimeUnit.SECONDS);
        } finally {
            go.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }

        List<String> ids = new ArrayList<>(accepted);
        assertThat(ids).hasSizeGreaterThanOrEqualTo(ACCEPTED_BEFORE_THE_KILL);
        try (ChildEmulator second = ChildEmulator.start(DEADLINE, KEY, "--data-dir", data.toString())) {
            RawHttp http = new RawHttp(second.baseUrl(), KEY);
            assertThat(http.get("/management/" + deployment).statusCode()).isEqualTo(200);
            // one worker serves at most 80 requests a second here, so the burst left a line behind it
            long pending = ids.stream()
                    .filter(id ->
                            http.get("/deployment/" + deployment + "/" + id).statusCode() == 202)
                    .count();
            assertThat(pending).isPositive();
            List<String> failed = new ArrayList<>();
            for (String id : ids) {
                String fetch = "/deployment/" + deployment + "/" + id + "?wait=30";
                Eventually.await(DEADLINE, id + " ends", () -> {
                    HttpResponse<String> r = http.get(fetch);
                    assertThat(r.statusCode()).as(id + ": " + r.body()).isIn(200, 202);
                    return r.statusCode() == 200;
                });
                HttpResponse<String> done = http.get(fetch);
                String state = done.headers().firstValue("X-Request-Status").orElseThrow();
                assertThat(state).as(id).isIn("Completed", "Failed");
                JsonNode body = RawHttp.json(done);
                if (state.equals("Failed")) {
                    assertThat(body.path("error").path("type").asText()).as(id).isNotBlank();
                    failed.add(id + ": " + body.path("error").path("type").asText());
                } else {
                    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
                }
            }
            // a request is tried again once after a restart, and wait_time is not reached here
            assertThat(failed).allSatisfy(f -> assertThat(f).endsWith("emulator_restarted"));
            assertThat(Set.copyOf(ids)).hasSameSizeAs(ids);
        }
    }
}
