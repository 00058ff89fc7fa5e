package dev.jls.emulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.JlsEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 100 concurrent requests on one deployment with {@code concurrent_requests} 100 (one simulated
 * worker, 50 tokens/s each): all must complete, none lost; prints how long they took and what the
 * worker saw.
 */
public final class ConcurrencyBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (JlsEmulator emulator = BenchSupport.simulated()) {
            String base = emulator.baseUrl();
            String key = emulator.apiKey();
            String dep = BenchSupport.call("POST", base + "/management/create", key, """
          {"name": "wide", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
           "min_workers": 1, "max_workers": 1, "concurrent_requests": 100,
           "args": {"model": "Qwen/Qwen3-0.6B", "served-model-name": "qwen"},
           "env": {"JLS_SIM_TOKENS_PER_SECOND": "50"}}""")
                    .get("deployment_id")
                    .asText();
            BenchSupport.awaitRunning(base, key, dep);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            AtomicInteger completed = new AtomicInteger();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int k = i;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                String id = BenchSupport.call(
                                                "POST",
                                                base + "/deployment/" + dep + "/v1/chat/completions",
                                                key,
                                                "{\"input\": {\"max_tokens\": 50, \"messages\": "
                                                        + "[{\"role\": \"user\", \"content\": \"request " + k
                                                        + "\"}]}}")
                                        .get("id")
                                        .asText();
                                JsonNode r = BenchSupport.call(
                                        "GET", base + "/deployment/" + dep + "/" + id + "?wait=60", key, null);
                                if ("chat.completion".equals(r.path("object").asText())) {
                                    completed.incrementAndGet();
                                } else {
                                    System.out.println("not completed: " + r);
                                }
                            } catch (Exception e) {
                                System.out.println("failed: " + e);
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            int port = BenchSupport.call("GET", base + "/management/" + dep, key, null)
                    .at("/workers/list/0/port")
                    .asInt();
            String metrics = BenchSupport.send("GET", "http://127.0.0.1:" + port + "/metrics", null, null)
                    .body();
            String most = metrics.lines()
                    .filter(l -> l.startsWith("jls_sim:max_requests_running"))
                    .findFirst()
                    .orElse("?");
            System.out.printf(
                    Locale.ROOT,
                    "%d/%d completed in %.2f s (each 50 tokens at 50 tokens/s)%n",
                    completed.get(),
                    n,
                    seconds);
            System.out.println("worker: " + most);
        }
    }
}
