package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.Liveness;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerStartException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A worker running as a child process of the emulator. */
final class ProcessWorker implements WorkerHandle {

    // After the process ends, how long its output may still take to drain (a grandchild that kept
    // the pipe open must not hold the exit back).
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    /** What of one output line is read: room for the characters the log keeps of it, in UTF-8. */
    private static final int MAX_LINE_BYTES = 4 * LogTail.MAX_LINE_CHARS;
    /**
     * How long the output reader lets lines gather after each read (see {@link OutputLines}): an engine
     * under load logs a line per request, and reading them one wake-up each cost more than forwarding.
     */
    static final Duration OUTPUT_GATHER = Duration.ofMillis(10);

    private final long workerId;
    private final String engineName;
    private final Process process;
    private final int port;
    private final EngineAddress address;
    private final LogTail log;
    private final Optional<Process> watchdog;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<Void> outputDone = new CompletableFuture<>();
    private final Optional<Predicate<String>> modelLoadedLine;
    private final CompletableFuture<Void> modelLoaded = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile HttpClient http;
    private volatile OptionalInt maxModelLen = OptionalInt.empty();

    ProcessWorker(
            long workerId,
            String engineName,
            Process process,
            int port,
            LogTail log,
            Optional<Process> watchdog,
            Optional<Predicate<String>> modelLoadedLine) {
        this.workerId = workerId;
        this.engineName = engineName;
        this.process = process;
        this.port = port;
        this.address = EngineAddress.local(port);
        this.log = log;
        this.watchdog = watchdog;
        this.modelLoadedLine = modelLoadedLine;
    }

    /** Starts reading the output, watching the exit and polling {@code /health}. */
    void begin(
            HttpClient http,
            ScheduledExecutorService scheduler,
            Duration pollInterval,
            Duration startTimeout,
            Runnable onExit) {
        this.http = http;
        Thread reader = new Thread(this::readOutput, "jls-worker-" + workerId + "-log");
        reader.setDaemon(true);
        reader.start();
        process.onExit()
                .thenCompose(ended -> outputDone
                        .completeOnTimeout(null, OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                        .handle((ignored, failure) -> ended))
                .whenComplete((ended, failure) -> {
                    watchdog.ifPresent(ProcessWorker::endWatchdog);
                    log.end();
                    int code = process.exitValue();
                    ready.completeExceptionally(new WorkerStartException(
                            describe()
                                    + (stopping ? " was stopped" : " exited with code " + code)
                                    + " before it was ready"
                                    + lastLine()
                                            .map(line -> "; last line: " + line)
                                            .orElse(""),
                            log.snapshot()));
                    try {
                        onExit.run();
                    } finally {
                        exit.complete(code);
                    }
                });
        long deadline = System.nanoTime() + startTimeout.toNanos();
        HttpRequest health = EngineProbes.get(address, "/health", Duration.ofSeconds(5));
        scheduler.execute(() -> poll(http, scheduler, health, pollInterval, deadline, startTimeout));
    }

    private void poll(
            HttpClient http,
            ScheduledExecutorService scheduler,
            HttpRequest health,
            Duration pollInterval,
            long deadline,
            Duration startTimeout) {
        if (ready.isDone() || stopping || !process.isAlive()) {
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            boolean failed = ready.completeExceptionally(new WorkerStartException(
                    describe()
                            + " did not answer GET /health with 200 within "
                            + startTimeout.toSeconds()
                            + " s"
                            + lastLine().map(line -> "; last line: " + line).orElse(""),
                    log.snapshot()));
            if (failed) {
                Thread stopper = new Thread(() -> stop(Duration.ofSeconds(5)), "jls-worker-" + workerId + "-stop");
                stopper.setDaemon(true);
                stopper.start();
            }
            return;
        }
        http.sendAsync(health, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            // Connection refused, a timeout, or a 503: the engine is still loading.
            if (failure == null && response.statusCode() == 200) {
                // Ready either way; the model card, where the engine gives one, tells its context length.
                EngineProbes.maxModelLen(http, address).thenAccept(length -> {
                    maxModelLen = length;
                    ready.complete(null);
                });
                return;
            }
            try {
                scheduler.schedule(
                        () -> poll(http, scheduler, health, pollInterval, deadline, startTimeout),
                        pollInterval.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // The launcher is closed; its workers are being stopped.
            }
        });
    }

    private void readOutput() {
        try (InputStream out = process.getInputStream()) {
            new OutputLines(out, MAX_LINE_BYTES, OUTPUT_GATHER).pump(line -> {
                log.add(line);
                if (!modelLoaded.isDone()
                        && modelLoadedLine.isPresent()
                        && modelLoadedLine.get().test(line)) {
                    modelLoaded.complete(null);
                }
            });
        } catch (IOException e) {
            // The stream closes under us when the process is killed; what was read is kept.
        } finally {
            outputDone.complete(null);
        }
    }

    private Optional<String> lastLine() {
        List<String> lines = log.snapshot();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return Optional.of(lines.get(i).strip());
            }
        }
        return Optional.empty();
    }

    private String describe() {
        return "worker " + workerId + " (" + engineName + ", pid " + process.pid() + ", port " + port + ")";
    }

    @Override
    public long workerId() {
        return workerId;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public EngineAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    @Override
    public OptionalInt maxModelLen() {
        return maxModelLen;
    }

    @Override
    public Optional<CompletableFuture<Void>> modelLoaded() {
        return modelLoadedLine.map(line -> modelLoaded.copy());
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit.copy();
    }

    @Override
    public CompletableFuture<Liveness> probe(Duration timeout) {
        HttpClient client = http;
        if (client == null || !process.isAlive()) {
            return CompletableFuture.completedFuture(Liveness.SILENT);
        }
        return EngineProbes.probe(client, address, timeout);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public List<String> logTail() {
        return log.snapshot();
    }

    @Override
    public AutoCloseable followLogs(Consumer<String> sink) {
        return log.follow(sink);
    }

    @Override
    public void stop(Duration grace) {
        stopping = true;
        ProcessTree.stop(
                process.toHandle(),
                grace,
                killed -> log.add("[jls] still running " + grace.toMillis() + " ms after SIGTERM: sent SIGKILL to "
                        + killed.stream().map(h -> Long.toString(h.pid())).toList()));
        try {
            exit.get(ProcessTree.KILL_WAIT.toMillis() + OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The process is gone (checked above); a late exit notice changes nothing for the caller.
        }
    }

    /** SIGKILL to every process of the tree, without waiting. */
    @Override
    public void kill() {
        ProcessHandle root = process.toHandle();
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    /** SIGTERM to every process of the tree now, without waiting: the first step of a shutdown. */
    void signalTerm() {
        stopping = true;
        ProcessTree.signal(process.toHandle());
    }

    private static void endWatchdog(Process watchdog) {
        // SIGTERM while it waits on its stdin ends it without its killing anything.
        watchdog.destroy();
        try {
            if (!watchdog.waitFor(2, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watchdog.destroyForcibly();
        }
    }
}
