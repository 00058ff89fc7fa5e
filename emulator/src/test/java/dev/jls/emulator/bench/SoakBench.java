package dev.jls.emulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.ChildEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A soak of the emulator, run as its own process with the flags {@code jls emulator start --detach}
 * uses: N requests through the submit/fetch API and M through the OpenAI route (a quarter of them
 * streamed), each at concurrency C, on one deployment of two simulated workers. Counts accepted,
 * completed, failed, lost (never final) and duplicated (an id given twice, or more requests run by
 * the engines than were accepted), and the emulator's resident memory and open file descriptors
 * idle before and after.
 *
 * <p>Arguments: {@code [submitted=10000] [openai=5000] [concurrency=100]}.
 */
public final class SoakBench {

    private static final String KEY = "soak-key";

    private record Counts(
            AtomicInteger accepted,
            AtomicInteger completed,
            AtomicInteger failed,
            AtomicInteger lost,
            AtomicInteger duplicated) {
        Counts() {
            this(
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger(),
                    new AtomicInteger());
        }

        String row(String what, int sent, double seconds) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d | %.1f s (%.0f/s) |",
                    what,
                    sent,
                    accepted.get(),
                    completed.get(),
                    failed.get(),
                    lost.get(),
                    duplicated.get(),
                    seconds,
                    sent / seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        int submitted = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int openai = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (ChildEmulator emulator = ChildEmulator.start(
                Duration.ofSeconds(60),
                KEY,
                // the client's idle keep-alive connections go soon after the run, so the count can settle
                "--keep-alive-timeout",
                "5s")) {
            String base = emulator.baseUrl();
            long idleFds = emulator.openFileDescriptors();
            System.out.printf(
                    Locale.ROOT, "idle: %.0f MiB resident, %d file descriptors%n", emulator.residentMiB(), idleFds);
            String dep = BenchSupport.call("POST", base + "/management/create", KEY, """
          {"name": "soak", "min_workers": 2, "max_workers": 2, "concurrent_requests": 64,
           "args": {"model": "Qwen/Qwen3-0.6B", "served-model-name": "qwen"}}""")
                    .get("deployment_id")
                    .asText();
            BenchSupport.awaitRunning(base, KEY, dep);
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);

            Counts async = new Counts();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            long start = System.nanoTime();
            runAll(pool, submitted, i -> submitAndFetch(base, dep, i, async, ids));
            double asyncSeconds = (System.nanoTime() - start) / 1e9;

            Counts live = new Counts();
            start = System.nanoTime();
            runAll(pool, openai, i -> openAi(base, dep, i, live));
            double liveSeconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();

            long ran = 0;
            for (JsonNode w : BenchSupport.call("GET", base + "/management/" + dep, KEY, null)
                    .at("/workers/list")) {
                String metrics = BenchSupport.send(
                                "GET", "http://127.0.0.1:" + w.path("port").asInt() + "/metrics", null, null)
                        .body();
                ran += metrics.lines()
                        .filter(l -> l.startsWith("jls_sim:requests_total"))
                        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum();
            }
            long acceptedInAll = async.accepted.get() + live.accepted.get();
            if (ran > acceptedInAll) {
                live.duplicated.addAndGet((int) (ran - acceptedInAll));
            }
            System.out.println("| route | sent | accepted | completed | failed | lost | duplicated | time |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
            System.out.println(async.row("submit + fetch", submitted, asyncSeconds));
            System.out.println(live.row("OpenAI (1/4 streamed)", openai, liveSeconds));
            System.out.printf(Locale.ROOT, "the engines ran %d requests for %d accepted%n", ran, acceptedInAll);
            System.out.printf(
                    Locale.ROOT,
                    "loaded: %.0f MiB resident, %d file descriptors%n",
                    emulator.residentMiB(),
                    emulator.openFileDescriptors());

            BenchSupport.send("DELETE", base + "/management/" + dep, KEY, null);
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (BenchSupport.send("GET", base + "/management/" + dep, KEY, null)
                                    .statusCode()
                            != 404
                    || emulator.handle().children().findAny().isPresent()) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("the deployment did not go away");
                }
                Thread.sleep(100);
            }
            System.out.printf(
                    Locale.ROOT,
                    "after delete: %.0f MiB resident, %d file descriptors%n",
                    emulator.residentMiB(),
                    emulator.openFileDescriptors());
            long settled = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (emulator.openFileDescriptors() > idleFds && System.nanoTime() < settled) {
                Thread.sleep(100);
            }
            System.out.printf(
                    Locale.ROOT,
                    "once the client's idle connections timed out: %.0f MiB" + " resident, %d file descriptors%n",
                    emulator.residentMiB(),
                    emulator.openFileDescriptors());
        }
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private static void runAll(ExecutorService pool, int n, Call call) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            int k = i;
            all[i] = CompletableFuture.runAsync(
                    () -> {
                        try {
                            call.run(k);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool);
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).join();
    }

    private static void submitAndFetch(String base, String dep, int i, Counts c, Set<String> ids) throws Exception {
        HttpResponse<String> r = BenchSupport.send(
                "POST",
                base + "/deployment/" + dep + "/v1/chat/completions",
                KEY,
                "{\"input\": {\"max_tokens\": 16, \"messages\": " + "[{\"role\": \"user\", \"content\": \"soak " + i
                        + "\"}]}}");
        if (r.statusCode() != 200) {
            c.failed.incrementAndGet();
            return;
        }
        c.accepted.incrementAndGet();
        String id = BenchSupport.JSON.readTree(r.body()).get("id").asText();
        if (!ids.add(id)) {
            c.duplicated.incrementAndGet();
        }
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> f =
                    BenchSupport.send("GET", base + "/deployment/" + dep + "/" + id + "?wait=60", KEY, null);
            String state = f.headers().firstValue("X-Request-Status").orElse("");
            if (state.equals("Completed")) {
                c.completed.incrementAndGet();
                return;
            }
            if (state.equals("Failed") || state.equals("Cancelled")) {
                c.failed.incrementAndGet();
                return;
            }
        }
        c.lost.incrementAndGet();
    }

    private static void openAi(String base, String dep, int i, Counts c) throws Exception {
        boolean stream = i % 4 == 0;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/openai/" + dep + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"max_tokens\": 16, \"stream\": " + stream
                        + ", \"messages\": [{\"role\": \"user\", \"content\": \"soak " + i + "\"}]}"))
                .build();
        HttpResponse<String> r;
        try {
            r = BenchSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            c.lost.incrementAndGet();
            return;
        }
        if (r.statusCode() == 429 || (r.statusCode() == 503 && r.body().contains("queue"))) {
            c.failed.incrementAndGet();
            return;
        }
        c.accepted.incrementAndGet();
        boolean ok = r.statusCode() == 200
                && (stream
                        ? r.body().endsWith("data: [DONE]\n\n") && !r.body().contains("\"error\"")
                        : r.body().contains("\"chat.completion\""));
        (ok ? c.completed : r.body().isEmpty() ? c.lost : c.failed).incrementAndGet();
    }
}
