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
