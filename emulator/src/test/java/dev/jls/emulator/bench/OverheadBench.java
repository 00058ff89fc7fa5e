package dev.jls.emulator.bench;

import dev.jls.emulator.JlsEmulator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the emulator adds on top of talking to a worker's engine directly: median latency of plain
 * requests, time to the first streamed byte, and throughput with concurrent clients. The same
 * simulated worker answers both ways (no pacing, 16 tokens per answer).
 */
public final class OverheadBench {

    private static final String BODY = "{\"model\": \"qwen\", \"max_tokens\": 16, \"messages\": "
            + "[{\"role\": \"user\", \"content\": \"tell me a beautiful story of moon?\"}]}";
    private static final String STREAM_BODY = BODY.replace("{\"model\"", "{\"stream\": true, \"model\"");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try (JlsEmulator emulator = BenchSupport.simulated()) {
            String base = emulator.baseUrl();
            String key = emulator.apiKey();
            String dep = BenchSupport.call("POST", base + "/management/create", key, """
          {"name": "fast", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
           "min_workers": 1, "max_workers": 1, "concurrent_requests": 64,
           "args": {"model": "Qwen/Qwen3-0.6B", "served-model-name": "qwen"}}""")
                    .get("deployment_id")
                    .asText();
            BenchSupport.awaitRunning(base, key, dep);
            int port = BenchSupport.call("GET", base + "/management/" + dep, key, null)
                    .at("/workers/list/0/port")
                    .asInt();
            String direct = "http://127.0.0.1:" + port + "/v1/chat/completions";
            String viaEmulator = base + "/openai/" + dep + "/v1/chat/completions";

            for (int round = 0; round < 2; round++) {
                latencies(direct, null, n / 2);
                latencies(viaEmulator, key, n / 2);
            }
            double[] d = latencies(direct, null, n);
            double[] e = latencies(viaEmulator, key, n);
            System.out.printf(
                    Locale.ROOT,
                    "plain latency, median: direct %.3f ms, emulator %.3f ms " + "(+%.3f ms); p99 %.3f / %.3f ms%n",
                    d[0],
                    e[0],
                    e[0] - d[0],
                    d[1],
                    e[1]);
            double[] td = ttft(direct, null, n / 2);
            double[] te = ttft(viaEmulator, key, n / 2);
            System.out.printf(
                    Locale.ROOT,
                    "time to first streamed byte, median: direct %.3f ms, " + "emulator %.3f ms (+%.3f ms)%n",
                    td[0],
                    te[0],
                    te[0] - td[0]);
            double rd = throughput(direct, null, n * 2, clients);
            double re = throughput(viaEmulator, key, n * 2, clients);
            System.out.printf(
                    Locale.ROOT,
                    "throughput with %d clients: direct %.0f req/s, emulator " + "%.0f req/s (ratio %.2f)%n",
                    clients,
                    rd,
                    re,
                    re / rd);
        }
    }

    private static HttpRequest request(String url, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b.build();
    }

    /** Median and p99 in ms of {@code n} plain requests one after another. */
    private static double[] latencies(String url, String key, int n) throws Exception {
        double[] ms = new double[n];
        HttpRequest req = request(url, key, BODY);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = BenchSupport.HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " -> " + r.statusCode());
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2], ms[(int) (n * 0.99)]};
    }

    /** Median ms to the first byte of a streamed answer. */
    private static double[] ttft(String url, String key, int n) throws Exception {
        double[] ms = new double[n];
        HttpRequest req = request(url, key, STREAM_BODY);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<InputStream> r = BenchSupport.HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (in.read() < 0) {
                    throw new IllegalStateException("empty stream");
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
                in.readAllBytes();
            }
        }
        Arrays.sort(ms);
        return new double[] {ms[n / 2]};
    }

    /** Requests per second with {@code clients} threads sharing {@code total} requests. */
    private static double throughput(String url, String key, int total, int clients) throws Exception {
        HttpRequest req = request(url, key, BODY);
        AtomicInteger left = new AtomicInteger(total);
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            new Thread(() -> {
                        try {
                            while (left.getAndDecrement() > 0) {
                                if (BenchSupport.HTTP
                                                .send(req, HttpResponse.BodyHandlers.ofByteArray())
                                                .statusCode()
                                        != 200) {
                                    failures.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        } finally {
                            done.countDown();
                        }
                    })
                    .start();
        }
        done.await();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures + " requests failed on " + url);
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }
}
