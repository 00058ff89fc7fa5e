package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.Liveness;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerStartException;
import dev.jls.emulator.internal.workers.EngineProbes;
import dev.jls.emulator.internal.workers.LogTail;
import dev.jls.emulator.internal.workers.OutputLines;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A worker running as a pod. Its state follows the pod as the launcher's watch reports it ({@link
 * #update}): each change of phase or container state is a {@code [jls]} line of its log; it is ready once
 * the pod is (the kubelet's probe of {@code /health} passed) and the emulator can reach it; a container
 * that cannot start (an image that cannot be pulled, a bad configuration) or that ends before it is
 * ready fails its start with the reason and the pod's last log lines; a pod that ends or disappears once
 * ready is a crashed worker. {@link #pid()} is 0: the engine is no process of this machine.
 */
final class PodWorker implements WorkerHandle {

    /** Container waiting reasons that will not resolve by themselves: the start has failed. */
    static final Set<String> FAILED_WAITING_REASONS = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "ErrImageNeverPull",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError",
            "CrashLoopBackOff");

    /** Lines of a failed pod's log asked of the API server when its log stream gave none. */
    static final int FAILURE_LOG_LINES = 50;

    /** How long a deleted pod may take to go, past its grace, before the worker counts as gone. */
    private static final Duration DELETE_WAIT = Duration.ofSeconds(10);

    private static final int MAX_LINE_BYTES = 4 * LogTail.MAX_LINE_CHARS;

    private final long workerId;
    private final String engineName;
    private final String name;
    private final PodResource pod;
    private final K8sAccess access;
    private final int containerPort;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final LogTail log;
    private final Optional<Predicate<String>> modelLoadedLine;
    private final Runnable onExit;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<Void> modelLoaded = new CompletableFuture<>();
    private volatile EngineAddress address;
    private volatile boolean reachable;
    private volatile OptionalInt maxModelLen = OptionalInt.empty();
    private volatile boolean stopping;
    /** Whether the emulator deleted the pod: a deletion is then no one else's doing. */
    private volatile boolean deleted;
    // guarded by this
    private String lastState = "";
    private boolean readying;
    private boolean failing;
    private Integer exitCode;
    private boolean following;
    private LogWatch logWatch;
    private LocalPortForward forward;

    PodWorker(
            long workerId,
            String engineName,
            String name,
            KubernetesClient client,
            String namespace,
            K8sAccess access,
            int containerPort,
            HttpClient http,
            ScheduledExecutorService scheduler,
            LogTail log,
            Optional<Predicate<String>> modelLoadedLine,
            Runnable onExit) {
        this.workerId = workerId;
        this.engineName = engineName;
        this.name = name;
        this.pod = client.pods().inNamespace(namespace).withName(name);
        this.access = access;
        this.containerPort = containerPort;
        // until the pod has an IP: where nothing of this worker's is reached, as no request goes to it yet
        this.address = EngineAddress.local(containerPort);
        this.http = http;
        this.scheduler = scheduler;
        this.log = log;
        this.modelLoadedLine = modelLoadedLine;
        this.onExit = onExit;
    }

    /** Fails the start unless the pod is ready within {@code startTimeout}. */
    void begin(Duration startTimeout) {
        try {
            scheduler.schedule(
                    () -> {
                        if (!ready.isDone()) {
                            failStart("did not become ready within " + startTimeout.toSeconds() + " s");
                        }
                    },
                    startTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the launcher is closed; its workers are being stopped
        }
    }

    /** What the watch saw of the pod: an addition, a change, or its deletion. */
    synchronized void update(Watcher.Action action, Pod seen) {
        if (exit.isDone()) {
            return;
        }
        if (action == Watcher.Action.DELETED) {
            note(stopping || deleted ? "deleted" : "deleted by someone else: the worker is gone");
            ended(exitCode != null ? exitCode : stopping ? 143 : 137);
            return;
        }
        Optional<ContainerStatus> container = container(seen);
        container
                .map(ContainerStatus::getState)
                .map(s -> s.getTerminated())
                .map(ContainerStateTerminated::getExitCode)
                .ifPresent(code -> exitCode = code);
        note(describe(seen, container));
        if (stopping || failing) {
            return;
        }
        Optional<String> failure = failure(seen, container);
        if (failure.isPresent()) {
            if (!ready.isDone()) {
                failStart(failure.get());
            } else {
                note("crashed: " + failure.get());
                delete(Duration.ZERO);
            }
            return;
        }
        if (!following
                && container
                        .map(c -> c.getState() != null && c.getState().getRunning() != null)
                        .orElse(false)) {
            followPodLog();
        }
        String ip = seen.getStatus() == null ? null : seen.getStatus().getPodIP();
        if (!readying && isReady(seen) && ip != null && !ip.isBlank()) {
            readying = true;
            runLater(() -> reach(ip));
        }
    }

    /** The pod's state in a few words: its phase, its container's state and reason, and readiness. */
    static String describe(Pod pod, Optional<ContainerStatus> container) {
        StringBuilder text = new StringBuilder(
                pod.getStatus() == null || pod.getStatus().getPhase() == null
                        ? "Pending"
                        : pod.getStatus().getPhase());
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && c.getReason() != null) {
                    text.append(", ").append(c.getReason());
                    if (c.getMessage() != null) {
                        text.append(" (").append(c.getMessage()).append(')');
                    }
                }
            }
        }
        container.map(ContainerStatus::getState).ifPresent(state -> {
            if (state.getWaiting() != null) {
                ContainerStateWaiting w = state.getWaiting();
                text.append(", waiting: ").append(w.getReason());
                if (w.getMessage() != null) {
                    text.append(" (").append(w.getMessage()).append(')');
                }
            } else if (state.getTerminated() != null) {
                ContainerStateTerminated t = state.getTerminated();
                text.append(", terminated: ")
                        .append(t.getReason())
                        .append(", exit code ")
                        .append(t.getExitCode());
            } else if (state.getRunning() != null) {
                text.append(", running");
            }
        });
        if (isReady(pod)) {
            text.append(", ready");
        }
        return text.toString();
    }

    /**
     * Why the pod will not serve, when it will not: a container waiting for a reason that will not pass,
     * a container that ended, a pod that failed or ended.
     */
    static Optional<String> failure(Pod pod, Optional<ContainerStatus> container) {
        Optional<String> fromContainer = container
                .map(ContainerStatus::getState)
                .flatMap(state -> {
                    if (state.getWaiting() != null
                            && FAILED_WAITING_REASONS.contains(
                                    state.getWaiting().getReason())) {
                        ContainerStateWaiting w = state.getWaiting();
                        return Optional.of(w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()));
                    }
                    if (state.getTerminated() != null) {
                        ContainerStateTerminated t = state.getTerminated();
                        return Optional.of("container ended (" + t.getReason() + ", exit code " + t.getExitCode() + ")"
                                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
                    }
                    return Optional.empty();
                });
        if (fromContainer.isPresent()) {
            return fromContainer;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            String reason = pod.getStatus().getReason();
            String message = pod.getStatus().getMessage();
            return Optional.of("pod " + phase
                    + (reason == null ? "" : " (" + reason + ")")
                    + (message == null ? "" : ": " + message));
        }
        return Optional.empty();
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<ContainerStatus> container(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> PodSpecs.CONTAINER.equals(c.getName()))
                .findFirst();
    }

    private void note(String state) {
        if (!state.equals(lastState)) {
            lastState = state;
            log.add("[jls] pod " + name + ": " + state);
        }
    }

    /** The pod is ready: the emulator reaches it at its IP or through a port-forward, then asks its model card. */
    private void reach(String ip) {
        EngineAddress reached;
        try {
            if (access == K8sAccess.PORT_FORWARD) {
                LocalPortForward opened = pod.portForward(containerPort);
                synchronized (this) {
                    forward = opened;
                }
                reached = EngineAddress.local(opened.getLocalPort());
            } else {
                reached = new EngineAddress(ip, containerPort);
            }
        } catch (RuntimeException e) {
            failStart("cannot be reached through a port-forward: " + e.getMessage());
            return;
        }
        address = reached;
        reachable = true;
        EngineProbes.maxModelLen(http, reached).thenAccept(length -> {
            maxModelLen = length;
            ready.complete(null);
        });
    }

    private void followPodLog() {
        Thread reader = new Thread(
                () -> {
                    try {
                        LogWatch watch = pod.inContainer(PodSpecs.CONTAINER).watchLog();
                        synchronized (this) {
                            if (exit.isDone()) {
                                watch.close();
                                return;
                            }
                            logWatch = watch;
                        }
                        try (InputStream out = watch.getOutput()) {
                            new OutputLines(out, MAX_LINE_BYTES).pump(this::logLine);
                        }
                    } catch (IOException | RuntimeException e) {
                        // no log stream (the pod went, or the API server has none): the [jls] lines remain
                    }
                },
                "jls-pod-" + workerId + "-log");
        reader.setDaemon(true);
        following = true;
        reader.start();
    }

    private void logLine(String line) {
        log.add(line);
        if (!modelLoaded.isDone()
                && modelLoadedLine.isPresent()
                && modelLoadedLine.get().test(line)) {
            modelLoaded.complete(null);
        }
    }

    /**
     * Fails the start with {@code reason} and the pod's last log lines (asked of the API server where its
     * stream gave none), then deletes the pod.
     */
    private void failStart(String reason) {
        synchronized (this) {
            if (failing || ready.isDone()) {
                return;
            }
            failing = true;
        }
        runLater(() -> {
            if (log.snapshot().stream().allMatch(line -> line.startsWith("[jls] "))) {
                try {
                    String tail = pod.inContainer(PodSpecs.CONTAINER)
                            .tailingLines(FAILURE_LOG_LINES)
                            .getLog();
                    if (tail != null) {
                        tail.lines().forEach(log::add);
                    }
                } catch (KubernetesClientException e) {
                    // no log to be had: the container never ran
                }
            }
            List<String> lines = log.snapshot();
            ready.completeExceptionally(new WorkerStartException(
                    describe() + " " + reason
                            + lastEngineLine(lines)
                                    .map(l -> "; last line: " + l)
                                    .orElse(""),
                    lines));
            delete(Duration.ZERO);
        });
    }

    private static Optional<String> lastEngineLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("[jls] ")) {
                return Optional.of(line.strip());
            }
        }
        return Optional.empty();
    }

    private String describe() {
        return "worker " + workerId + " (" + engineName + ", pod " + name + ")";
    }

    private void ended(int code) {
        LogWatch watch = logWatch;
        LocalPortForward forwarded = forward;
        logWatch = null;
        forward = null;
        if (watch != null) {
            watch.close();
        }
        if (forwarded != null) {
            try {
                forwarded.close();
            } catch (IOException ignored) {
                // the pod is gone; so is what the forward led to
            }
        }
        reachable = false;
        log.end();
        ready.completeExceptionally(new WorkerStartException(
                describe() + (stopping ? " was stopped" : " ended") + " before it was ready", log.snapshot()));
        try {
            onExit.run();
        } finally {
            exit.complete(code);
        }
    }

    private void delete(Duration grace) {
        deleted = true;
        try {
            pod.withGracePeriod(grace.toSeconds()).delete();
        } catch (KubernetesClientException e) {
            log.add("[jls] cannot delete pod " + name + ": " + e.getMessage());
        }
    }

    private void runLater(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** The watch ended for good, or the launcher closes: the pod counts as gone. */
    synchronized void forgetPod() {
        if (!exit.isDone()) {
            ended(exitCode != null ? exitCode : 137);
        }
    }

    /** The pod's name. */
    String name() {
        return name;
    }

    @Override
    public long workerId() {
        return workerId;
    }

    /** 0: the engine runs in a pod, not as a process of this machine. */
    @Override
    public long pid() {
        return 0;
    }

    /** The container port the engine listens on in its pod. */
    @Override
    public int port() {
        return containerPort;
    }

    /**
     * The pod's IP and container port, or 127.0.0.1 and the local end of the port-forward; before the
     * pod is ready, 127.0.0.1 and the container port (no request is sent to a worker before).
     */
    @Override
    public EngineAddress address() {
        return address;
    }

    @Override
    public String runsAs() {
        return "pod " + name;
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    @Override
    public Optional<CompletableFuture<Void>> modelLoaded() {
        return modelLoadedLine.map(line -> modelLoaded.copy());
    }

    @Override
    public OptionalInt maxModelLen() {
        return maxModelLen;
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit.copy();
    }

    @Override
    public CompletableFuture<Liveness> probe(Duration timeout) {
        if (!reachable) {
            return CompletableFuture.completedFuture(Liveness.SILENT);
        }
        return EngineProbes.probe(http, address, timeout);
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public List<String> logTail() {
        return new ArrayList<>(log.snapshot());
    }

    @Override
    public AutoCloseable followLogs(Consumer<String> sink) {
        return log.follow(sink);
    }

    /** Deletes the pod without grace and returns: its deletion is the worker's end. */
    @Override
    public void kill() {
        log.add("[jls] pod " + name + ": killed (deleted without grace)");
        delete(Duration.ZERO);
    }

    /**
     * Deletes the pod with {@code grace} (the kubelet's SIGTERM, then SIGKILL) and returns once the watch
     * saw it go, or {@code grace} and 10 s more have passed.
     */
    @Override
    public void stop(Duration grace) {
        stopping = true;
        if (exit.isDone()) {
            return;
        }
        delete(grace);
        try {
            exit.get(grace.plus(DELETE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            forgetPod();
        }
    }
}
