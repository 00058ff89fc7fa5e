package dev.jls.emulator.internal.sim;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The simulated engine without its HTTP layer: model names, admission (slots, waiting, injected
 * faults), generation of choices, pacing, counters and the log.
 */
final class SimEngineCore {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss.SSS");

    /** What an admitted request is to suffer. */
    enum Fault {
        NONE,
        /** Answered 500 at once. */
        FAIL,
        /** The process exits during this request, at its first token. */
        CRASH,
        /** Never answered. */
        HANG
    }

    /**
     * The settings in force and the number of requests received before they were set: injected faults
     * count requests from there, so settings changed at run time behave as at start.
     */
    private record Tuning(SimSettings settings, long requestsBefore) {}

    private final SimEngineArgs args;
    private volatile Tuning tuning;
    private final PrintStream log;
    private final SimMetrics metrics;
    private final Semaphore slots;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final long startedEpochSecond = System.currentTimeMillis() / 1000;

    SimEngineCore(SimEngineArgs args, SimSettings settings, PrintStream log) {
        this.args = args;
        this.tuning = new Tuning(settings, 0);
        this.log = log;
        this.metrics = new SimMetrics(args.primaryName());
        this.slots = new Semaphore(args.maxNumSeqs(), true);
    }

    SimEngineArgs args() {
        return args;
    }

    SimSettings settings() {
        return tuning.settings();
    }

    /**
     * Replaces the pace and faults of the requests admitted from now on (the start-up time and start
     * failure, used only at start, are kept). {@link SimSettings#crashAfterRequests()} and the failure
     * draws count requests from this change: {@code 0} crashes on the next request, and the same seed
     * fails the same requests after each change. Requests already admitted keep what they began with.
     */
    synchronized void retune(SimSettings next) {
        SimSettings current = tuning.settings();
        SimSettings kept = new SimSettings(
                current.startup(),
                next.timeToFirstToken(),
                next.tokensPerSecond(),
                next.failureRate(),
                next.failureSeed(),
                next.crashAfterRequests(),
                next.crashAfterTokens(),
                next.hang(),
                next.errorAfterTokens(),
                current.startFailure());
        tuning = new Tuning(kept, metrics.requests.get());
        info("pace and faults changed at run time: " + kept.describe());
    }

    SimMetrics metrics() {
        return metrics;
    }

    long startedEpochSecond() {
        return startedEpochSecond;
    }

    /** The name answers carry, after checking the one asked for; a missing model means the served one. */
    String resolveModel(Optional<String> requested) throws SimApiException {
        if (requested.isEmpty() || args.servedModelNames().contains(requested.get())) {
            return args.primaryName();
        }
        throw SimApiException.modelNotFound(requested.get());
    }

    /** A request let in to generate; {@link #close()} frees its slot. */
    final class Admission implements AutoCloseable {
        final long number;
        final Fault fault;
        /** The settings in force when the request was admitted; it keeps them to its end. */
        final SimSettings settings;

        final long startNanos;
        private final AtomicBoolean holdsSlot = new AtomicBoolean();

        private Admission(long number, Fault fault, SimSettings settings) throws InterruptedException {
            this.number = number;
            this.fault = fault;
            this.settings = settings;
            if (fault != Fault.FAIL) {
                metrics.waiting.incrementAndGet();
                try {
                    slots.acquire();
                } finally {
                    metrics.waiting.decrementAndGet();
                }
                holdsSlot.set(true);
                metrics.startRunning();
            }
            this.startNanos = System.nanoTime();
        }

        /** When token {@code k} (from 0) is due: the first after the time to first token, then paced. */
        long dueNanos(int k) {
            long due = startNanos + settings.timeToFirstToken().toNanos();
            if (settings.tokensPerSecond() > 0 && k > 0) {
                due += (long) (k * 1_000_000_000L / settings.tokensPerSecond());
            }
            return due;
        }

        @Override
        public void close() {
            if (holdsSlot.compareAndSet(true, false)) {
                metrics.running.decrementAndGet();
                slots.release();
            }
        }
    }

    /**
     * Admits a valid request: numbers it, chooses its fault, and waits for a free slot when {@code
     * --max-num-seqs} are already running.
     */
    Admission admit(int promptTokens) throws InterruptedException {
        Tuning now;
        long number;
        synchronized (this) {
            now = tuning;
            number = metrics.requests.incrementAndGet();
        }
        SimSettings settings = now.settings();
        long counted = number - now.requestsBefore();
        Fault fault = Fault.NONE;
        if (settings.crashAfterRequests().isPresent()
                && counted > settings.crashAfterRequests().getAsLong()) {
            fault = Fault.CRASH;
        } else if (settings.hang()) {
            fault = Fault.HANG;
        } else if (settings.failureRate() > 0
                && failureDraw(settings.failureSeed(), counted) < settings.failureRate()) {
            fault = Fault.FAIL;
        }
        if (fault == Fault.FAIL) {
            metrics.failed.incrementAndGet();
        } else {
            metrics.promptTokens.addAndGet(promptTokens);
        }
        return new Admission(number, fault, settings);
    }

    /** A value in [0, 1) fixed by the failure seed and the request's number alone. */
    static double failureDraw(long seed, long number) {
        return new SimTextGenerator.SeededRandom(SimTextGenerator.SeededRandom.mix(seed) ^ number * 0xD1B54A32D192ED03L)
                .nextUnit();
    }

    /** Generates every choice of {@code request}: per prompt, {@code n} choices, in index order. */
    List<SimTextGenerator.Generation> generate(SimRequest request, List<Integer> limits) {
        List<SimTextGenerator.Generation> choices = new ArrayList<>();
        for (int p = 0; p < request.prompts().size(); p++) {
            SimRequest.Prompt prompt = request.prompts().get(p);
            for (int j = 0; j < request.n(); j++) {
                choices.add(SimTextGenerator.generate(new SimTextGenerator.Spec(
                        request.choiceSeed(prompt, j),
                        prompt.words(),
                        limits.get(p),
                        !request.ignoreEos(),
                        request.minTokens(),
                        request.stops(),
                        request.kind() == SimRequest.Kind.COMPLETION)));
            }
        }
        return choices;
    }

    /**
     * Waits until {@code deadlineNanos}, or less once shutdown began: in-flight requests then finish at
     * once.
     */
    void waitUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            shutdown.await(left, TimeUnit.NANOSECONDS);
        }
    }

    /** Waits until shutdown begins: how a hung request spends its life. */
    void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    boolean isShuttingDown() {
        return shutdown.getCount() == 0;
    }

    /** Ends pacing and hangs, so in-flight requests finish quickly. */
    void beginShutdown() {
        shutdown.countDown();
    }

    /** Exits at once, as a crashed engine would: no shutdown hooks, no answers, connections cut. */
    void crash(Admission admission) {
        error("engine core died: simulated crash during request "
                + admission.number
                + " ("
                + SimSettings.CRASH_AFTER_REQUESTS
                + "="
                + admission.settings.crashAfterRequests().getAsLong()
                + ")");
        log.flush();
        Runtime.getRuntime().halt(1);
    }

    void info(String message) {
        line("INFO", message);
    }

    void warn(String message) {
        line("WARNING", message);
    }

    void error(String message) {
        line("ERROR", message);
    }

    private void line(String level, String message) {
        log.println(level + " " + LOG_TIME.format(LocalDateTime.now()) + " [sim] " + message);
    }
}
