package dev.jls.emulator.internal.core;

import java.util.concurrent.CompletableFuture;

/**
 * What the tests' in-memory workers share: the launch they were started for, and an exit that the
 * test (or a stop) completes; the worker is alive until then.
 */
public abstract class InMemoryHandle implements WorkerHandle {

    public final WorkerLaunch launch;
    public final CompletableFuture<Integer> exit = new CompletableFuture<>();

    protected InMemoryHandle(WorkerLaunch launch) {
        this.launch = launch;
    }

    @Override
    public long workerId() {
        return launch.workerId();
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }
}
