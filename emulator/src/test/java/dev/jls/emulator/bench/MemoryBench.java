package dev.jls.emulator.bench;

import dev.jls.emulator.JlsEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The emulator's memory when idle, and with 10,000 requests queued on one deployment (whose only
 * worker is still starting, so nothing leaves the queue). Run with a fixed heap, e.g.
 * {@code -Xmx512m}; prints heap after GC and resident memory.
 */
public final class MemoryBench {

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (JlsEmulator emulator = BenchSupport.simulated()) {
            String base = emulator.baseUrl();
            String key = emulator.apiKey();
            BenchSupport.call("GET", base + "/healthz", null, null);
            double idleHeap = BenchSupport.heapAfterGcMiB();
            double idleRss = BenchSupport.rssMiB();

            // a worker that takes ten minutes to start: every request stays waiting
            String dep = BenchSupport.call("POST", base + "/management/create", key, """
          {"name": "queue", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
           "min_workers": 0, "max_workers": 1, "concurrent_requests": 1, "wait_time": 0,
           "args": {"model": "Qwen/Qwen3-0.6B"}, "env": {"JLS_SIM_STARTUP_MS": "600000"}}""")
                    .get("deployment_id")
                    .asText();
            String body = """
          {"input": {"model": "Qwen/Qwen3-0.6B", "max_tokens": 64, "temperature": 0.7,
           "messages": [{"role": "system", "content": "You are a helpful assistant."},
                        {"role": "user", "content": "tell me a beautiful story of moon? #%d"}]}}""";
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                String b = body.formatted(i);
                all.add(CompletableFuture.runAsync(
                        () -> {
                            try {
                                BenchSupport.call("POST", base + "/deployment/" + dep + "/v1/chat/completions", key, b);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double submitSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            int depth = BenchSupport.call("GET", base + "/management/" + dep, key, null)
                    .get("queue_depth")
                    .asInt();
            double queuedHeap = BenchSupport.heapAfterGcMiB();
            double queuedRss = BenchSupport.rssMiB();
            System.out.printf(Locale.ROOT, "idle:   heap after GC %.1f MiB, RSS %.1f MiB%n", idleHeap, idleRss);
            System.out.printf(
                    Locale.ROOT,
                    "queued: %d requests (queue_depth %d) submitted in %.2f s " + "(%.0f/s)%n",
                    requests,
                    depth,
                    submitSeconds,
                    requests / submitSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "queued: heap after GC %.1f MiB (+%.1f), RSS %.1f MiB (+%.1f)%n",
                    queuedHeap,
                    queuedHeap - idleHeap,
                    queuedRss,
                    queuedRss - idleRss);
        }
    }
}
