package dev.jls.emulator.internal.sim;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what one simulated worker costs: start to {@code GET /health} 200, resident memory idle and
 * after load, and tokens per second, with {@link SimEngineMain#recommendedJvmFlags()} and, for
 * comparison, with the JVM's defaults. Reports numbers; asserts nothing.
 *
 * <p>Run after {@code mvn -o -pl emulator test-compile}, from the repository root:
 *
 * <pre>
 * java -cp emulator/target/test-classes:emulator/target/classes:$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core/2.23.0/jackson-core-2.23.0.jar \
 *     dev.jls.emulator.internal.sim.SimEngineFootprintBenchmark [starts=5] [requests=500]
 * </pre>
 */
public final class SimEngineFootprintBenchmark {

    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");

    private SimEngineFootprintBenchmark() {}

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        System.out.printf(
                "java %s, %d cpus%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("recommended flags: " + String.join(" ", SimEngineMain.recommendedJvmFlags()));
        run("recommended flags", SimEngineMain.recommendedJvmFlags(), starts, requests);
        run("JVM defaults", List.of(), starts, requests);
    }

    private static void run(String label, List<String> flags, int starts, int requests) throws Exception {
        System.out.println();
        System.out.println("== " + label);
        List<Double> startMillis = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            int port = SimEngineProcess.freePort();
            long begin = System.nanoTime();
            try (SimEngineProcess engine = start(flags, port)) {
                SimEngineProcess.await(Duration.ofSeconds(30), "health", () -> engine.healthStatus() == 200);
                startMillis.add((System.nanoTime() - begin) / 1e6);
            }
        }
        System.out.printf("start -> /health 200: %s ms (median %.0f)%n", round(startMillis), median(startMillis));

        int port = SimEngineProcess.freePort();
        try (SimEngineProcess engine = start(flags, port)) {
            SimEngineProcess.await(Duration.ofSeconds(30), "health", () -> engine.healthStatus() == 200);
            long pid = engine.process.pid();
            System.out.printf("RSS idle after start: %.1f MiB%n", rssMiB(pid));

            long loadStart = System.nanoTime();
            AtomicLong tokens = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                done.add(clients.submit(() -> tokens.addAndGet(oneRequest(engine, n))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf(
                    "%d mixed requests (chat/completions, plain/stream, 8 clients): %.2f s, %.0f requests/s, %.0f tokens/s%n",
                    requests, loadSeconds, requests / loadSeconds, tokens.get() / loadSeconds);
            System.out.printf("RSS after load: %.1f MiB (peak VmHWM %.1f MiB)%n", rssMiB(pid), hwmMiB(pid));

            long t = System.nanoTime();
            HttpResponse<String> big = engine.post(
                    "/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"go\"}],\"max_tokens\":8000,"
                            + "\"ignore_eos\":true,\"stream\":true,\"stream_options\":{}}");
            double seconds = (System.nanoTime() - t) / 1e9;
            long streamed = lastCompletionTokens(big.body());
            System.out.printf(
                    "one unpaced stream of %d tokens: %.3f s, %.0f tokens/s%n", streamed, seconds, streamed / seconds);
            System.out.printf("RSS at the end: %.1f MiB%n", rssMiB(pid));
        }
    }

    private static SimEngineProcess start(List<String> flags, int port) {
        List<String> command = new ArrayList<>(SimEngineMain.javaCommand(List.of()));
        // javaCommand puts the recommended flags right after the executable; swap in the ones measured.
        command.removeAll(SimEngineMain.recommendedJvmFlags());
        command.addAll(1, flags);
        command.addAll(List.of("bench/model", "--host", "127.0.0.1", "--port", String.valueOf(port)));
        return SimEngineProcess.startCommand(Map.of(), command, port);
    }

    private static long oneRequest(SimEngineProcess engine, int n) {
        boolean chat = n % 2 == 0;
        boolean stream = n % 4 < 2;
        String body = chat
                ? "{\"messages\":[{\"role\":\"user\",\"content\":\"Question number " + n + " about rivers\"}],"
                        + "\"max_tokens\":64,\"stream\":" + stream + (stream ? ",\"stream_options\":{}" : "") + "}"
                : "{\"prompt\":\"Story " + n + "\",\"max_tokens\":64,\"stream\":" + stream
                        + (stream ? ",\"stream_options\":{}" : "") + "}";
        HttpResponse<String> r = SimEngineProcess.send(
                HttpRequest.newBuilder(engine.uri(chat ? "/v1/chat/completions" : "/v1/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("request " + n + " answered " + r.statusCode() + ": " + r.body());
        }
        return lastCompletionTokens(r.body());
    }

    private static long lastCompletionTokens(String body) {
        Matcher m = COMPLETION_TOKENS.matcher(body);
        long last = 0;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static double rssMiB(long pid) throws IOException {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    private static double hwmMiB(long pid) throws IOException {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    private static long statusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " for " + pid);
    }

    private static String round(List<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
