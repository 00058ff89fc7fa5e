package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerLauncher;
import dev.jls.emulator.internal.core.WorkerStartException;
import dev.jls.emulator.internal.workers.Engine;
import dev.jls.emulator.internal.workers.EngineCommand;
import dev.jls.emulator.internal.workers.EngineRegistry;
import dev.jls.emulator.internal.workers.LauncherThreads;
import dev.jls.emulator.internal.workers.LogTail;
import dev.jls.emulator.internal.workers.PortPool;
import dev.jls.emulator.internal.workers.ProcessWorkerLauncher;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts each worker as a pod of one namespace ({@link PodSpecs}): the engine command a local worker
 * would run, from the engines of an {@link EngineRegistry} made for the image's paths. One watch of the
 * run's pods ({@link PodSpecs#RUN} label) tells every {@link PodWorker} what becomes of its pod.
 *
 * <p>When built it removes the pods (and their Secrets) an earlier run of the same emulator instance
 * left ({@link PodSpecs#INSTANCE} label): the core starts its workers afresh, so they serve nobody.
 * {@link #close()} deletes the run's pods; so does a JVM shutdown hook on a normal exit. A {@code kill
 * -9} of the emulator leaves them running until its next start.
 */
public final class KubernetesLauncher implements WorkerLauncher {

    private static final Logger LOG = Logger.getLogger(KubernetesLauncher.class.getName());

    /** The port the engine listens on in its pod, by default. */
    public static final int DEFAULT_ENGINE_PORT = 8000;

    private static final Duration REWATCH_DELAY = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final boolean closeClient;
    private final String namespace;
    private final EngineRegistry engines;
    private final PodSettings settings;
    private final K8sAccess access;
    private final LongToIntFunction enginePorts;
    private final PortPool internalPorts;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Thread shutdownHook;
    private volatile Watch watch;
    private volatile boolean closed;

    private KubernetesLauncher(Builder b) {
        this.client = b.client;
        this.closeClient = b.closeClient;
        this.namespace = b.namespace != null ? b.namespace : client.getNamespace();
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(
                    "--k8s-namespace is needed: the Kubernetes configuration names no namespace");
        }
        this.engines = b.engines;
        this.settings = b.settings;
        this.access = b.access;
        this.enginePorts = b.enginePorts;
        this.internalPorts = b.internalPorts;
        this.scheduler = LauncherThreads.scheduler("jls-pods");
        this.http = LauncherThreads.probeClient();
        try {
            removeOrphans();
            this.watch = watchPods();
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        this.shutdownHook = new Thread(this::deleteAllOnShutdown, "jls-pods-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder of a launcher that creates pods through {@code client} and runs the engines of {@code engines}. */
    public static Builder builder(KubernetesClient client, EngineRegistry engines, PodSettings settings) {
        return new Builder(client, engines, settings);
    }

    /** The namespace the pods are created in. */
    public String namespace() {
        return namespace;
    }

    /** How the emulator reaches the pods. */
    public K8sAccess access() {
        return access;
    }

    private void removeOrphans() {
        Map<String, String> labels = PodSpecs.instanceLabels(settings);
        List<String> names = client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .map(p -> p.getMetadata().getName())
                .toList();
        if (!names.isEmpty()) {
            LOG.info("removing " + names.size() + " pod(s) an earlier run of emulator instance " + settings.instance()
                    + " left in namespace " + namespace + ": " + names);
            client.pods().inNamespace(namespace).withLabels(labels).delete();
        }
        // owned by their pods, but a Secret whose pod was never made has no owner
        client.secrets().inNamespace(namespace).withLabels(labels).delete();
    }

    private Watch watchPods() {
        return client.pods()
                .inNamespace(namespace)
                .withLabels(PodSpecs.instanceLabels(settings))
                .withLabel(PodSpecs.RUN, settings.run())
                .watch(new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (pod == null
                                || pod.getMetadata() == null
                                || pod.getMetadata().getName() == null
                                || (action != Action.ADDED && action != Action.MODIFIED && action != Action.DELETED)) {
                            return;
                        }
                        PodWorker worker = workers.get(pod.getMetadata().getName());
                        if (worker != null) {
                            worker.update(action, pod);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        if (closed) {
                            return;
                        }
                        LOG.log(Level.WARNING, "the watch of the worker pods ended; watching again", cause);
                        scheduler.schedule(
                                KubernetesLauncher.this::rewatch, REWATCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    private void rewatch() {
        if (closed) {
            return;
        }
        try {
            watch = watchPods();
            // what changed meanwhile: a pod that went is a worker gone; the others get their state anew
            for (PodWorker worker : workers.values()) {
                Pod now = client.pods()
                        .inNamespace(namespace)
                        .withName(worker.name())
                        .get();
                if (now == null) {
                    worker.update(Watcher.Action.DELETED, null);
                } else {
                    worker.update(Watcher.Action.MODIFIED, now);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "cannot watch the worker pods; trying again", e);
            scheduler.schedule(this::rewatch, REWATCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public WorkerHandle launch(WorkerLaunch launch) {
        if (closed) {
            throw new WorkerStartException("the emulator is shutting down; no new worker starts", List.of());
        }
        Engine engine = engines.engineToStart(launch.framework());
        int port = enginePorts.applyAsInt(launch.workerId());
        String holder = PortPool.workerHolder(launch.workerId());
        EngineCommand command;
        Pod pod;
        Map<String, String> env;
        try {
            command = engine.command(launch, port);
            env = PodSpecs.podEnvironment(command.environment());
            pod = PodSpecs.pod(settings, launch, PodSpecs.podCommand(command.command()), env, port);
        } catch (IllegalArgumentException | IllegalStateException e) {
            internalPorts.release(holder);
            throw new WorkerStartException(
                    "cannot start worker " + launch.workerId() + " (" + engine.name() + "): " + e.getMessage(),
                    List.of(),
                    e);
        } catch (WorkerStartException e) {
            internalPorts.release(holder);
            throw e;
        }
        String name = pod.getMetadata().getName();
        PodWorker worker = new PodWorker(
                launch.workerId(),
                engine.name(),
                name,
                client,
                namespace,
                access,
                port,
                http,
                scheduler,
                new LogTail(ProcessWorkerLauncher.DEFAULT_LOG_TAIL_LINES),
                engine.reportsModelLoading() ? Optional.of(engine::isModelLoadedLine) : Optional.empty(),
                () -> {
                    workers.remove(name);
                    internalPorts.release(holder);
                });
        workers.put(name, worker);
        try {
            if (!env.isEmpty()) {
                client.secrets()
                        .inNamespace(namespace)
                        .resource(PodSpecs.secret(pod, env))
                        .create();
            }
            Pod created = client.pods().inNamespace(namespace).resource(pod).create();
            if (!env.isEmpty()) {
                client.secrets().inNamespace(namespace).withName(name).edit(secret -> {
                    secret.getMetadata().setOwnerReferences(List.of(PodSpecs.owner(created)));
                    return secret;
                });
            }
        } catch (KubernetesClientException e) {
            workers.remove(name);
            internalPorts.release(holder);
            try {
                client.pods()
                        .inNamespace(namespace)
                        .withName(name)
                        .withGracePeriod(0)
                        .delete();
                client.secrets().inNamespace(namespace).withName(name).delete();
            } catch (KubernetesClientException ignored) {
                // what was not made needs no removing; what was is removed by label at the next start
            }
            throw new WorkerStartException(
                    "cannot start worker " + launch.workerId() + " (" + engine.name() + "): the Kubernetes API refused"
                            + " pod " + name + " in namespace " + namespace + ": " + e.getMessage(),
                    List.of(),
                    e);
        }
        worker.begin(engine.startTimeout());
        return worker;
    }

    /** The pods of this run still there, by name. */
    public List<String> livePods() {
        return List.copyOf(workers.keySet());
    }

    /** Deletes every pod of this run (with {@code grace}), all at once; returns when they are gone. */
    public void stopAll(Duration grace) {
        LauncherThreads.stopAll(workers.values(), grace);
    }

    /** Deletes every pod of this run and stops watching. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(settings.stopGrace());
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        workers.values().forEach(PodWorker::forgetPod);
        scheduler.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway and finds nothing left
        }
        if (closeClient) {
            client.close();
        }
    }

    private void deleteAllOnShutdown() {
        closed = true;
        try {
            client.pods()
                    .inNamespace(namespace)
                    .withLabels(PodSpecs.instanceLabels(settings))
                    .withLabel(PodSpecs.RUN, settings.run())
                    .withGracePeriod(settings.stopGrace().toSeconds())
                    .delete();
        } catch (KubernetesClientException e) {
            // the next start of this instance removes them
        }
    }

    /** Builds a {@link KubernetesLauncher}. Not thread-safe. */
    public static final class Builder {
        private final KubernetesClient client;
        private final EngineRegistry engines;
        private final PodSettings settings;
        private String namespace;
        private K8sAccess access = K8sAccess.AUTO;
        private LongToIntFunction enginePorts = worker -> DEFAULT_ENGINE_PORT;
        private PortPool internalPorts = PortPool.shared();
        private boolean closeClient;

        private Builder(KubernetesClient client, EngineRegistry engines, PodSettings settings) {
            this.client = Objects.requireNonNull(client, "client");
            this.engines = Objects.requireNonNull(engines, "engines");
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /** The namespace of the pods; default the client's ({@code KUBECONFIG}'s context, or the pod's own). */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** How the pods are reached; {@link K8sAccess#AUTO} is decided by this process's environment. */
        public Builder access(K8sAccess access) {
            this.access = access.resolve(System.getenv());
            return this;
        }

        /**
         * The port the engine of each worker listens on in its pod; default {@value #DEFAULT_ENGINE_PORT}
         * for every one, as each pod has its own IP. Tests whose pods share one IP give each its own.
         */
        public Builder enginePorts(LongToIntFunction portForWorker) {
            this.enginePorts = Objects.requireNonNull(portForWorker, "portForWorker");
            return this;
        }

        /** The pool the engines reserve internal ports from (vLLM's), freed with each worker. */
        public Builder internalPorts(PortPool ports) {
            this.internalPorts = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /** Whether {@link KubernetesLauncher#close()} closes the client too; default false. */
        public Builder closeClient(boolean close) {
            this.closeClient = close;
            return this;
        }

        /** Removes what an earlier run left, starts watching, and returns the launcher. */
        public KubernetesLauncher build() {
            if (access == K8sAccess.AUTO) {
                access = K8sAccess.AUTO.resolve(System.getenv());
            }
            return new KubernetesLauncher(this);
        }
    }
}
