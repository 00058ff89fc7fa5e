package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every log stream ends, as the hosted service's do: with {@code : all streams ended} after its lines
 * when not following, when its deployment is gone or the emulator stops when following, and right after
 * {@code : no active workers} when there is nothing to follow.
 */
class LogStreamEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static JlsEmulator shared;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        shared = JlsEmulator.builder()
                .launcher(new InProcessLauncher())
                .options(new EmulatorOptions().deleteGrace(Duration.ZERO))
                .logPing(Duration.ofMillis(50))
                .build()
                .start();
        http = new RawHttp(shared.baseUrl(), shared.apiKey());
    }

    @AfterAll
    static void stop() {
        shared.close();
    }

    private static String create(RawHttp http, int minWorkers) {
        HttpResponse<String> created = http.post(
                "/management/create",
                "{\"name\": \"logs\", \"min_workers\": " + minWorkers + ", \"max_workers\": 1,"
                        + " \"args\": {\"model\": \"m\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = RawHttp.json(created).get("deployment_id").asText();
        Eventually.await(
                DEADLINE,
                "the deployment runs",
                () -> RawHttp.json(http.get("/management/" + id + "/status"))
                        .get("status")
                        .asText()
                        .equals("running"));
        return id;
    }

    /**
     * Reads the logs; completes with every line of the stream once it ends. {@code seen} completes with
     * the first line that {@code awaited} accepts.
     */
    private static CompletableFuture<List<String>> read(
            RawHttp http, String path, Predicate<String> awaited, CompletableFuture<Void> seen) {
        return CompletableFuture.supplyAsync(() -> http.streamLines(path, awaited, seen))
                .orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<String> events(List<String> lines) {
        return lines.stream().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void aStreamThatDoesNotFollowEndsWithAllStreamsEndedAfterItsLines() {
        String id = create(http, 1);
        List<String> lines =
                events(read(http, "/management/" + id + "/logs?tail=10", l -> false, new CompletableFuture<>())
                        .join());
        assertThat(lines).first().isEqualTo(": deployment status is running");
        assertThat(lines.subList(1, lines.size() - 1))
                .isNotEmpty()
                .allMatch(l -> l.matches("data: \\[worker-\\d+] .*"));
        assertThat(lines).last().isEqualTo(": all streams ended");
    }

    @Test
    void withNoWorkerTheStreamSaysSoAndEndsAlsoWhenFollowing() {
        String id = create(http, 0);
        List<String> lines =
                events(read(http, "/management/" + id + "/logs?follow=true", l -> false, new CompletableFuture<>())
                        .join());
        assertThat(lines).containsExactly(": deployment status is running", ": no active workers");
    }

    @Test
    void aFollowedStreamPingsAndDeletingTheDeploymentEndsIt() {
        String id = create(http, 1);
        CompletableFuture<Void> pinged = new CompletableFuture<>();
        CompletableFuture<List<String>> stream =
                read(http, "/management/" + id + "/logs?follow=true", ": ping"::equals, pinged);
        pinged.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();

        assertThat(http.method("DELETE", "/management/" + id, null).statusCode())
                .isEqualTo(200);
        List<String> lines = events(stream.join());
        assertThat(lines).first().isEqualTo(": deployment status is running");
        assertThat(lines).contains(": ping").last().isEqualTo(": all streams ended");
    }

    @Test
    void stoppingTheEmulatorEndsEveryFollowedLogStream() {
        JlsEmulator emulator =
                JlsEmulator.builder().launcher(new InProcessLauncher()).build().start();
        CompletableFuture<List<String>> stream;
        try {
            RawHttp own = new RawHttp(emulator.baseUrl(), emulator.apiKey());
            String id = create(own, 1);
            CompletableFuture<Void> begun = new CompletableFuture<>();
            stream = read(own, "/management/" + id + "/logs?follow=true", l -> l.startsWith("data: "), begun);
            begun.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
        } finally {
            emulator.close();
        }
        assertThat(events(stream.join())).last().isEqualTo(": all streams ended");
    }
}
