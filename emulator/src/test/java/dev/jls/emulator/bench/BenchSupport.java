package dev.jls.emulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.JlsEmulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** What the benchmarks share: plain HTTP calls and memory readings. */
final class BenchSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private BenchSupport() {}

    /** A started emulator on a free port whose workers run the simulated engine. */
    static JlsEmulator simulated() {
        return JlsEmulator.builder()
                .options(new EmulatorOptions().engine(EngineChoice.SIM))
                .build()
                .start();
    }

    static JsonNode call(String method, String url, String key, String body) throws Exception {
        HttpResponse<String> r = send(method, url, key, body);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> send(String method, String url, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Submits {@code requests} chat requests to deployment {@code dep}, the {@code i}th with the body
     * {@code template.formatted(i)}, from {@code clients} threads; returns the seconds it took.
     */
    static double submitAll(String base, String key, String dep, String template, int requests, int clients) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>(requests);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                String body = template.formatted(i);
                all.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                call("POST", base + "/deployment/" + dep + "/v1/chat/completions", key, body);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdown();
        }
    }

    /** What {@link #fillQueue} measured. */
    record QueueFill(double idleHeapMiB, double idleRssMiB, double seconds, int depth, double heapMiB, double rssMiB) {}

    /**
     * On an idle {@code emulator}: its memory, then {@code requests} submissions from {@code clients}
     * threads to a deployment whose only worker takes ten minutes to start (so every request stays
     * queued), then its memory again.
     */
    static QueueFill fillQueue(JlsEmulator emulator, int requests, int clients) throws Exception {
        String base = emulator.baseUrl();
        String key = emulator.apiKey();
        call("GET", base + "/healthz", null, null);
        double idleHeap = heapAfterGcMiB();
        double idleRss = rssMiB();
        String dep = call("POST", base + "/management/create", key, """
                {"name": "queue", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
                 "min_workers": 0, "max_workers": 1, "concurrent_requests": 1, "wait_time": 0,
                 "args": {"model": "Qwen/Qwen3-0.6B"}, "env": {"JLS_SIM_STARTUP_MS": "600000"}}""")
                .get("deployment_id")
                .asText();
        double seconds = submitAll(base, key, dep, CHAT_BODY, requests, clients);
        int depth = call("GET", base + "/management/" + dep, key, null)
                .get("queue_depth")
                .asInt();
        return new QueueFill(idleHeap, idleRss, seconds, depth, heapAfterGcMiB(), rssMiB());
    }

    /** A submitted chat request; {@code %d} makes each one different. */
    static final String CHAT_BODY = """
            {"input": {"model": "Qwen/Qwen3-0.6B", "max_tokens": 64, "temperature": 0.7,
             "messages": [{"role": "system", "content": "You are a helpful assistant."},
                          {"role": "user", "content": "tell me a beautiful story of moon? #%d"}]}}""";

    /** Heap in use after collecting, in MiB. */
    static double heapAfterGcMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    /** This process's resident memory, in MiB (Linux). */
    static double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    static void awaitRunning(String base, String key, String dep) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!call("GET", base + "/management/" + dep + "/status", key, null)
                .get("status")
                .asText()
                .equals("running")) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("deployment " + dep + " did not start");
            }
            Thread.sleep(50);
        }
    }
}
