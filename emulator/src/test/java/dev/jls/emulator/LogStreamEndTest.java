package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A followed log stream ends, with its closing comment, when its deployment is gone or the emulator stops. */
class LogStreamEndTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient STREAMS =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String create(RawHttp http) {
        HttpResponse<String> created = http.post(
                "/management/create",
                "{\"name\": \"logs\"," + " \"min_workers\": 1, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}");
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

    /** Follows the logs; completes with every line of the stream once it ends. */
    private static CompletableFuture<List<String>> follow(RawHttp http, String id, CompletableFuture<Void> begun) {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        HttpResponse<java.io.InputStream> r = STREAMS.send(
                                http.builder("/management/" + id + "/logs?follow=true")
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        assertThat(r.statusCode()).isEqualTo(200);
                        List<String> lines = new ArrayList<>();
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                lines.add(line);
                                begun.complete(null);
                            }
                        }
                        return lines;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                })
                .orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void deletingTheDeploymentEndsItsFollowedLogStream() {
        try (JlsEmulator emulator = JlsEmulator.builder()
                .launcher(new InProcessLauncher())
                .options(new EmulatorOptions().deleteGrace(Duration.ZERO))
                .build()
                .start()) {
            RawHttp http = new RawHttp(emulator.baseUrl(), emulator.apiKey());
            String id = create(http);
            CompletableFuture<Void> begun = new CompletableFuture<>();
            CompletableFuture<List<String>> stream = follow(http, id, begun);
            begun.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();

            assertThat(http.method("DELETE", "/management/" + id, null).statusCode())
                    .isEqualTo(200);
            List<String> lines = stream.join();
            assertThat(lines.stream().filter(l -> !l.isEmpty()).toList()).last().isEqualTo(": all streams ended");
        }
    }

    @Test
    void stoppingTheEmulatorEndsEveryFollowedLogStream() {
        JlsEmulator emulator =
                JlsEmulator.builder().launcher(new InProcessLauncher()).build().start();
        CompletableFuture<List<String>> stream;
        try {
            RawHttp http = new RawHttp(emulator.baseUrl(), emulator.apiKey());
            String id = create(http);
            CompletableFuture<Void> begun = new CompletableFuture<>();
            stream = follow(http, id, begun);
            begun.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
        } finally {
            emulator.close();
        }
        assertThat(stream.join().stream().filter(l -> !l.isEmpty()).toList())
                .last()
                .isEqualTo(": all streams ended");
    }
}
