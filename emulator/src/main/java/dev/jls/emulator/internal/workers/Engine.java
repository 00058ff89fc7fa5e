package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerLaunch;
import java.time.Duration;
import java.util.List;

/**
 * How one kind of engine is started: turns a {@link WorkerLaunch} and a port into the command of an
 * OpenAI-compatible server process (ENGINE.md). Implementations: the simulated engine, vLLM, and a
 * command template for any other server.
 */
public interface Engine {

    /** A short name for logs, status and metrics: {@code sim}, {@code vllm}, or the template's name. */
    String name();

    /** The process to start for {@code launch}, listening on {@code port} on 127.0.0.1. */
    EngineCommand command(WorkerLaunch launch, int port);

    /** How long a worker of this engine may take to answer {@code /health} before it counts as failed. */
    Duration startTimeout();

    /**
     * Whether a worker of this engine loads a model while it starts and says so in its log (vLLM does):
     * its deployment then shows {@code downloading_model}, then {@code model_downloaded}, before
     * {@code running}. Default: no.
     */
    default boolean reportsModelLoading() {
        return false;
    }

    /** Whether {@code line}, from a starting worker's output, says that the model is loaded. */
    default boolean isModelLoadedLine(String line) {
        return false;
    }

    /**
     * What every OpenAI-compatible server of a worker is told, vLLM's way: {@code <model> --host
     * 127.0.0.1 --port <port> --served-model-name <name>}.
     */
    static List<String> servingArgs(WorkerLaunch launch, int port) {
        return List.of(
                launch.model(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--served-model-name",
                launch.servedModelName());
    }
}
