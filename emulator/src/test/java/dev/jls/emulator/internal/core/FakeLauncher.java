package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Workers that live in memory: the test decides when each becomes ready, fails to start or dies.
 * Checks on every launch that no two running workers were given the same GPU.
 */
final class FakeLauncher implements WorkerLauncher {

    final List<FakeWorker> launched = new ArrayList<>();
    /** When set, launch() throws as if the executable were missing. */
    boolean refuse;
    /** When set, workers report model loading, as vLLM's do. */
    boolean reportModelLoading;

    private int nextPort = 20_000;

    @Override
    public synchronized WorkerHandle launch(WorkerLaunch launch) {
        if (refuse) {
            throw new WorkerStartException("no such executable: fake-engine", List.of());
        }
        Set<Integer> busy = new HashSet<>();
        for (FakeWorker w : launched) {
            if (w.isAlive()) {
                for (Gpu g : w.launch.gpus()) {
                    busy.add(g.index());
                }
            }
        }
        for (Gpu g : launch.gpus()) {
            if (!busy.add(g.index())) {
                throw new AssertionError("GPU " + g.index() + " given to worker " + launch.workerId()
                        + " while another running worker holds it");
            }
        }
        FakeWorker w = new FakeWorker(launch, nextPort++, reportModelLoading);
        launched.add(w);
        return w;
    }

    synchronized List<FakeWorker> alive() {
        return launched.stream().filter(FakeWorker::isAlive).toList();
    }

    @Override
    public synchronized void close() {
        for (FakeWorker w : launched) {
            w.stop(Duration.ZERO);
        }
    }

    /** One in-memory worker. */
    static final class FakeWorker extends InMemoryHandle {
        final int port;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final Optional<CompletableFuture<Void>> modelLoaded;
        final List<String> log = new ArrayList<>(List.of("starting fake engine", "loading model"));
        boolean stopRequested;
        /** What its health checks find: answering, without token counters, unless a test says. */
        volatile Liveness liveness = new Liveness(true, OptionalLong.empty());
        /** The grace of the last stop: zero when it was killed at once. */
        Duration stopGrace;

        FakeWorker(WorkerLaunch launch, int port, boolean reportsModelLoading) {
            super(launch);
            this.port = port;
            this.modelLoaded = reportsModelLoading ? Optional.of(new CompletableFuture<>()) : Optional.empty();
        }

        void loadModel() {
            modelLoaded.orElseThrow().complete(null);
        }

        void becomeReady() {
            ready.complete(null);
        }

        void failToStart(String why) {
            log.add("error: " + why);
            ready.completeExceptionally(new WorkerStartException(why, log));
            exit.complete(1);
        }

        /** Dies as under kill -9. */
        @Override
        public void kill() {
            ready.completeExceptionally(new WorkerStartException("killed", log));
            exit.complete(137);
        }

        @Override
        public long pid() {
            return 100_000 + launch.workerId();
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public Optional<CompletableFuture<Void>> modelLoaded() {
            return modelLoaded;
        }

        @Override
        public CompletableFuture<Liveness> probe(Duration timeout) {
            return CompletableFuture.completedFuture(isAlive() ? liveness : Liveness.SILENT);
        }

        @Override
        public List<String> logTail() {
            return List.copyOf(log);
        }

        @Override
        public AutoCloseable followLogs(Consumer<String> sink) {
            return () -> {};
        }

        @Override
        public void stop(Duration grace) {
            stopRequested = true;
            stopGrace = grace;
            ready.completeExceptionally(new WorkerStartException("stopped", log));
            exit.complete(143);
        }
    }
}
