package dev.jls.emulator.internal.core;

/**
 * Starts worker processes. The emulator's core holds one and knows nothing of processes beyond
 * {@link WorkerHandle}; tests of the core use a launcher of in-memory workers.
 */
public interface WorkerLauncher extends AutoCloseable {

    /**
     * Starts a worker for {@code launch}, on a free port this launcher chooses and checks. Returns at
     * once; readiness is {@link WorkerHandle#ready()}.
     *
     * @throws WorkerStartException when the process cannot be started at all (no executable, no engine
     *     for the framework)
     */
    WorkerHandle launch(WorkerLaunch launch);

    /** Stops every worker this launcher started that is still running. */
    @Override
    void close();
}
