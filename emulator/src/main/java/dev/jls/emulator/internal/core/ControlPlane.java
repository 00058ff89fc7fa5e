package dev.jls.emulator.internal.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The thread-safe entry to the {@link Cluster}: every method posts a command to the event loop and
 * answers with a future, so that callers (the HTTP handlers) never hold a thread while the command
 * waits its turn. Refusals complete the future with a {@link CoreException}.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());
    /** How often time-driven rules (wait limits, idle workers, retention) are applied. */
    static final Duration TICK = Duration.ofMillis(100);

    private final Cluster cluster;
    private final ThreadEventLoop loop;
    private final ExecutorService blocking;
    private final WorkerLauncher launcher;
    private final EngineClient engines;
    private final ScheduledFuture<?> ticker;
    private final CoreSettings settings;
    private final ClusterStore store;
    private final Restored restored;
    private final Clock clock;
    private volatile boolean closed;

    /** A control plane that keeps nothing beyond its process. */
    public ControlPlane(
            CoreSettings settings, WorkerLauncher launcher, GpuAllocator gpus, EngineClient engines, Clock clock) {
        this(settings, launcher, gpus, engines, clock, ClusterStore.IN_MEMORY);
    }

    /**
     * A control plane that keeps its state in {@code store}, starting from what the store kept. It owns
     * the store from here on and closes it on {@link #close()}, also when this constructor fails.
     */
    public ControlPlane(
            CoreSettings settings,
            WorkerLauncher launcher,
            GpuAllocator gpus,
            EngineClient engines,
            Clock clock,
            ClusterStore store) {
        this.settings = settings;
        this.store = store;
        this.launcher = launcher;
        this.engines = engines;
        this.clock = clock;
        this.loop = new ThreadEventLoop("jls-core");
        AtomicInteger n = new AtomicInteger();
        this.blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jls-worker-ops-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.cluster = new Cluster(new ClusterState(settings, launcher, gpus, engines, clock, loop, blocking, store));
        try {
            StoredCluster stored = store.load();
            this.restored = loop.call(() -> cluster.restore(stored)).join();
        } catch (RuntimeException e) {
            loop.close();
            blocking.shutdownNow();
            store.close();
            // what the restore threw on the loop, not the future's wrapper
            throw Exchanges.unwrap(e) instanceof RuntimeException cause ? cause : e;
        }
        this.ticker = loop.every(TICK, cluster::tick);
    }

    /**
     * Where to answer a command that changes what the store keeps. With a durable store its future
     * completes on the store's writer once the change is committed, and answering right there spares a
     * hop to another thread; an answer decided on the event loop (a refusal), or any answer without a
     * durable store, goes to {@code ioThread}, so that the loop never writes to a client.
     */
    public Executor answerExecutor(Executor ioThread) {
        if (!store.durable()) {
            return ioThread;
        }
        return task -> {
            if (loop.inLoop()) {
                ioThread.execute(task);
            } else {
                task.run();
            }
        };
    }

    /** What the start brought back from the store: nothing for a store that keeps nothing. */
    public Restored restored() {
        return restored;
    }

    /**
     * Runs a command that changes what the store keeps, and answers once that change is kept: a
     * {@code 200} then means the change survives a crash.
     */
    private <T> CompletableFuture<T> kept(Supplier<T> command) {
        if (!store.durable()) {
            return loop.call(command);
        }
        return loop.call(() -> {
                    T value = command.get();
                    return store.written().handle((ok, failure) -> {
                        if (failure != null) {
                            throw CoreException.unavailable("the emulator could not keep the change in its data"
                                    + " directory: " + Exchanges.unwrap(failure).getMessage());
                        }
                        return value;
                    });
                })
                .thenCompose(Function.identity());
    }

    public CoreSettings settings() {
        return settings;
    }

    public void addListener(ClusterListener listener) {
        cluster.addListener(listener);
    }

    /** Every change the core made, in order, as it happened (the latest {@link EventLog#DEFAULT_CAPACITY}). */
    public EventLog events() {
        return cluster.events();
    }

    /** The core's time: the clock it was given, virtual or not. */
    public Instant now() {
        return clock.instant();
    }

    /** Whether the core runs on a {@link VirtualClock}, which {@link #advance} moves. */
    public boolean virtualTime() {
        return clock instanceof VirtualClock;
    }

    /**
     * Moves the virtual clock forward by {@code by}, a {@link #TICK} at a time, applying the
     * time-driven rules after each step on the event loop, so that what falls due fires in the order it
     * falls due; returns once the last step's rules (and what they did at once) have run. Work they
     * started that takes real time (a worker process stopping) goes on after.
     *
     * @throws IllegalStateException without a virtual clock, or when called on the event loop
     */
    public void advance(Duration by) {
        if (!(clock instanceof VirtualClock virtual)) {
            throw new IllegalStateException("the core's clock is not virtual");
        }
        if (by.isNegative()) {
            throw new IllegalArgumentException("virtual time does not go back: " + by);
        }
        if (loop.inLoop()) {
            throw new IllegalStateException("advance() would wait for the event loop it runs on");
        }
        if (closed) {
            throw new IllegalStateException("the emulator is closed");
        }
        CompletableFuture<Void> done = loop.call(() -> {
            Instant end = virtual.instant().plus(by);
            Instant t = virtual.instant();
            while (t.isBefore(end)) {
                Instant next = t.plus(TICK);
                t = next.isAfter(end) ? end : next;
                virtual.set(t);
                cluster.tick();
            }
            return null;
        });
        // a loop closed meanwhile drops the task: its future would never complete
        for (; ; ) {
            try {
                done.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                if (closed) {
                    throw new IllegalStateException("the emulator was closed while time was advanced");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while time was advanced", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Ends every request that has not ended and forgets every request, keeping deployments and workers
     * (see {@link Cluster#reset()}); returns once that is done (and kept, with a durable store), with
     * how many requests it ended.
     *
     * @throws IllegalStateException when called on the event loop, or once closed
     */
    public int reset() {
        if (loop.inLoop()) {
            throw new IllegalStateException("reset() would wait for the event loop it runs on");
        }
        if (closed) {
            throw new IllegalStateException("the emulator is closed");
        }
        try {
            return kept(cluster::reset).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the reset did not finish within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the emulator was reset", e);
        } catch (ExecutionException e) {
            Throwable cause = Exchanges.unwrap(e.getCause());
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    public CompletableFuture<DeploymentView> create(String tenant, DeploymentSpec spec) {
        return kept(() -> cluster.create(tenant, spec));
    }

    /**
     * The spec of a tenant's deployment, read without waiting for the event loop (it may trail the
     * latest change by a moment); empty when there is no such deployment.
     */
    public Optional<DeploymentSpec> spec(String tenant, String id) {
        return cluster.publishedSpec(tenant, id);
    }

    /**
     * The tenant that owns deployment {@code id}, read without waiting for the event loop; empty when
     * there is no such deployment. For the emulator's own Java API, which acts for every tenant.
     */
    public Optional<String> tenantOf(String id) {
        return cluster.publishedTenant(id);
    }

    public CompletableFuture<List<DeploymentView>> list(String tenant) {
        return loop.call(() -> cluster.list(tenant));
    }

    public CompletableFuture<DeploymentView> get(String tenant, String id) {
        return loop.call(() -> cluster.get(tenant, id));
    }

    public CompletableFuture<DeploymentView> update(String tenant, String id, DeploymentUpdate u) {
        return kept(() -> cluster.update(tenant, id, u));
    }

    public CompletableFuture<DeploymentView> delete(String tenant, String id) {
        return kept(() -> cluster.delete(tenant, id));
    }

    public CompletableFuture<LogSources> logSources(String tenant, String id, OptionalLong worker) {
        return loop.call(() -> cluster.logSources(tenant, id, worker));
    }

    public CompletableFuture<String> submit(
            String tenant, String deploymentId, EngineRoute route, byte[] body, Optional<String> idempotencyKey) {
        return kept(() -> cluster.submit(tenant, deploymentId, route, body, idempotencyKey));
    }

    public CompletableFuture<String> submitLive(
            String tenant, String deploymentId, EngineRoute route, byte[] body, boolean stream, ResponseSink sink) {
        // called on the client's IO thread: when the loop is free the request is dispatched right here,
        // and the engine client starts the exchange on this same thread without a hand-off
        return loop.callInline(() -> cluster.submitLive(tenant, deploymentId, route, body, stream, sink));
    }

    public CompletableFuture<RequestView> fetch(String tenant, String deploymentId, String id) {
        return loop.call(() -> cluster.fetch(tenant, deploymentId, id));
    }

    /** Completes once the request is final; fails like {@link #fetch} for unknown or expired ones. */
    public CompletableFuture<RequestView> whenFinal(String tenant, String deploymentId, String id) {
        return loop.call(() -> cluster.whenFinal(tenant, deploymentId, id)).thenCompose(Function.identity());
    }

    public CompletableFuture<RequestView> cancel(String tenant, String deploymentId, String id) {
        return kept(() -> cluster.cancel(tenant, deploymentId, id));
    }

    /** The client of live request {@code requestId} went away. */
    public void abandon(String requestId) {
        loop.execute(() -> cluster.abandon(requestId));
    }

    /** The figures {@code tenant} may see: its own, and the shared GPU pool. */
    public CompletableFuture<ClusterMetrics> metrics(String tenant) {
        return loop.call(() -> cluster.metrics(tenant));
    }

    /**
     * Ends every request that has not ended (they fail), stops every worker process and waits until
     * they are gone. Safe to call more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.cancel(false);
        List<WorkerHandle> handles;
        try {
            handles = loop.call(cluster::shutdown).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "the event loop did not shut down in time", e);
            handles = List.of();
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (WorkerHandle h : handles) {
            stops.add(CompletableFuture.runAsync(() -> h.stop(settings.workerStopGrace()), blocking));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(settings.workerStopGrace().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "some workers did not stop in time", e);
        }
        // whatever a worker start that was still under way left behind
        launcher.close();
        engines.close();
        loop.close();
        blocking.shutdownNow();
        store.close();
    }
}
