package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A running worker process, as the emulator's core sees it. Implementations are thread-safe.
 */
public interface WorkerHandle {

    /** The id from the {@link WorkerLaunch}. */
    long workerId();

    /**
     * The operating-system process id of the engine process; 0 when the worker is no process of this
     * machine (a pod).
     */
    long pid();

    /** The port the engine listens on, at {@link #address()}'s host. */
    int port();

    /**
     * Where the engine listens; by default {@code 127.0.0.1} and {@link #port()}. Called for every request
     * sent to the worker: implementations return one value made once.
     */
    default EngineAddress address() {
        return EngineAddress.local(port());
    }

    /** What runs the worker, for events and messages: {@code process PID} by default, {@code pod NAME} for a pod. */
    default String runsAs() {
        return "process " + pid();
    }

    /**
     * Completes normally once the engine answers {@code GET /health} with 200; completes exceptionally
     * with a {@link WorkerStartException} when the process exits first or the start timeout passes.
     */
    CompletableFuture<Void> ready();

    /**
     * Present when the engine reports model loading ({@code Engine.reportsModelLoading()}, in the
     * workers package): completes once the worker's output says the model is loaded. Empty for engines
     * that do not say.
     */
    default Optional<CompletableFuture<Void>> modelLoaded() {
        return Optional.empty();
    }

    /**
     * The context length the engine gave in its model card ({@code max_model_len} of {@code GET
     * /v1/models}), asked once when it became ready; empty when it gave none, or before.
     */
    default OptionalInt maxModelLen() {
        return OptionalInt.empty();
    }

    /** Completes with the exit code once the process has ended, for whatever reason. */
    CompletableFuture<Integer> exit();

    /**
     * Checks whether the engine still answers, without blocking: {@code GET /health} within
     * {@code timeout} and, where the engine exports them, its token counters, which tell whether it
     * makes progress. Never completes exceptionally: a failure is {@link Liveness#SILENT}.
     */
    CompletableFuture<Liveness> probe(Duration timeout);

    /** Whether the process is still running. */
    boolean isAlive();

    /** The last lines the process wrote to stdout and stderr (a bounded tail), oldest first. */
    List<String> logTail();

    /**
     * Calls {@code sink} with each new line the process writes from now on, until the returned handle is
     * closed or the process ends.
     */
    AutoCloseable followLogs(Consumer<String> sink);

    /**
     * Ends the worker at once, as a crash would (a local worker's processes get SIGKILL; a pod is deleted
     * without grace), and returns without waiting: {@link #exit()} tells when it is gone. By default a
     * {@link #stop} without grace.
     */
    default void kill() {
        stop(Duration.ZERO);
    }

    /**
     * Stops the process and every process it started: SIGTERM, then SIGKILL once {@code grace} has
     * passed. Returns once they are gone. Safe to call more than once and on an ended process.
     */
    void stop(Duration grace);
}
