package dev.jls.emulator.bench;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.JlsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a data directory costs. {@code args[0]} is {@code memory} or {@code data}: a warm-up round, then
 * {@code args[1]} rounds (default 3), each a fresh emulator in memory or on a fresh data directory,
 * filled as {@link BenchSupport#fillQueue} does: 10,000 submissions ({@code args[2]}) from 8 client
 * threads ({@code args[3]}). {@code restart}
 * instead times the start of an emulator whose data directory holds 10,000 finished requests. Run each
 * mode in its own JVM with a fixed heap, e.g. {@code -Xmx512m}, alternating modes
 * ({@code emulator/bench/persistence.sh} does).
 */
public final class PersistenceBench {

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "data";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        Path tmp = Files.createTempDirectory("jls-persistence-bench");
        try {
            if (mode.equals("restart")) {
                restart(tmp.resolve("restart"), requests);
                return;
            }
            boolean data = mode.equals("data");
            for (int round = 0; round <= rounds; round++) {
                submitRound(
                        round == 0 ? "warm-up" : data ? "data dir" : "in memory",
                        data ? tmp.resolve("round-" + round) : null,
                        requests,
                        clients);
            }
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static JlsEmulator start(Path dataDir) {
        return JlsEmulator.builder()
                .options(new EmulatorOptions().engine(EngineChoice.SIM).dataDir(dataDir))
                .build()
                .start();
    }

    private static void submitRound(String mode, Path dataDir, int requests, int clients) throws Exception {
        try (JlsEmulator emulator = start(dataDir)) {
            BenchSupport.QueueFill q = BenchSupport.fillQueue(emulator, requests, clients);
            System.out.printf(
                    Locale.ROOT,
                    "%-9s %d submissions from %d clients in %.2f s (%.0f/s); heap after GC +%.1f MiB,"
                            + " RSS +%.1f MiB%s%n",
                    mode,
                    requests,
                    clients,
                    q.seconds(),
                    requests / q.seconds(),
                    q.heapMiB() - q.idleHeapMiB(),
                    q.rssMiB() - q.idleRssMiB(),
                    dataDir == null ? "" : "; database " + databaseMiB(dataDir));
        }
    }

    /** Fills a data directory with finished requests, then times a start on it. */
    private static void restart(Path dataDir, int requests) throws Exception {
        String dep;
        try (JlsEmulator emulator = start(dataDir)) {
            String base = emulator.baseUrl();
            String key = emulator.apiKey();
            dep = BenchSupport.call("POST", base + "/management/create", key, """
                    {"name": "done", "min_workers": 1, "max_workers": 1, "concurrent_requests": 64,
                     "args": {"model": "Qwen/Qwen3-0.6B"}}""")
                    .get("deployment_id")
                    .asText();
            BenchSupport.awaitRunning(base, key, dep);
            BenchSupport.submitAll(base, key, dep, BenchSupport.CHAT_BODY, requests, 8);
            while (true) {
                var d = BenchSupport.call("GET", base + "/management/" + dep, key, null);
                int inFlight = 0;
                for (var w : d.path("workers").path("list")) {
                    inFlight += w.path("in_flight").asInt();
                }
                if (d.path("queue_depth").asInt() == 0 && inFlight == 0) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        long begin = System.nanoTime();
        try (JlsEmulator emulator = start(dataDir)) {
            double startSeconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "restart with %d retained requests (database %s): listening after %.2f s, %d requests back%n",
                    emulator.restoredRequests(),
                    databaseMiB(dataDir),
                    startSeconds,
                    emulator.restoredRequests());
        }
    }

    private static String databaseMiB(Path dataDir) throws Exception {
        long bytes = 0;
        for (String name : List.of("emulator.db", "emulator.db-wal")) {
            Path f = dataDir.resolve(name);
            if (Files.exists(f)) {
                bytes += Files.size(f);
            }
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
