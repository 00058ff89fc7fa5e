package dev.jls.emulator.bench;

import dev.jls.emulator.JlsEmulator;
import java.util.Locale;

/**
 * The emulator's memory when idle, and with 10,000 requests queued on one deployment (whose only
 * worker is still starting, so nothing leaves the queue). Run with a fixed heap, e.g.
 * {@code -Xmx512m}; prints heap after GC and resident memory.
 */
public final class MemoryBench {

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (JlsEmulator emulator = BenchSupport.simulated()) {
            BenchSupport.QueueFill q = BenchSupport.fillQueue(emulator, requests, 8);
            System.out.printf(
                    Locale.ROOT, "idle:   heap after GC %.1f MiB, RSS %.1f MiB%n", q.idleHeapMiB(), q.idleRssMiB());
            System.out.printf(
                    Locale.ROOT,
                    "queued: %d requests (queue_depth %d) submitted in %.2f s (%.0f/s)%n",
                    requests,
                    q.depth(),
                    q.seconds(),
                    requests / q.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "queued: heap after GC %.1f MiB (+%.1f), RSS %.1f MiB (+%.1f)%n",
                    q.heapMiB(),
                    q.heapMiB() - q.idleHeapMiB(),
                    q.rssMiB(),
                    q.rssMiB() - q.idleRssMiB());
        }
    }
}
