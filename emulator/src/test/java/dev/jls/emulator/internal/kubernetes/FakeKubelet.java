package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.internal.sim.InProcessSimEngine;
import dev.jls.emulator.internal.sim.SimEngineMain;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet for an API server without nodes (fabric8's mock server in CRUD mode): for each new
 * pod it starts the simulated engine the pod's command names, inside the test's JVM, on the pod's
 * container port with the environment of the pod's Secret, then marks the pod running and ready with IP
 * 127.0.0.1; a deleted pod's engine is stopped. A pod can be made to fail instead ({@link #failNext}).
 * The pods' logs are what the mock server is told to answer for them: the engine's first line, or the
 * failing container's last lines.
 */
public final class FakeKubelet implements AutoCloseable {

    /** The line every started engine's log stream gives. */
    public static final String ENGINE_LOG_LINE = "INFO fake-kubelet: simulated engine started";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final Watch watch;
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, InProcessSimEngine> engines = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

    private record Failure(PodStatus status, String log) {}

    public FakeKubelet(KubernetesMockServer server, KubernetesClient client, String namespace) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.watch = client.pods().inNamespace(namespace).watch(new Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                work.execute(() -> handle(action, pod));
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** The names of the pods whose engines it started, in order. */
    public List<String> started() {
        return List.copyOf(started);
    }

    /** Whether the engine of pod {@code name} runs. */
    public boolean running(String name) {
        return engines.containsKey(name);
    }

    /**
     * The next new pod's container waits for {@code reason} (e.g. {@code ErrImagePull}) instead of running,
     * and its log's last lines are {@code log}.
     */
    public void failNext(String reason, String message, String log) {
        failNext(
                new PodStatusBuilder()
                        .withPhase("Pending")
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(PodSpecs.CONTAINER)
                                .withReady(false)
                                .withNewState()
                                .withNewWaiting(message, reason)
                                .endState()
                                .build())
                        .build(),
                log);
    }

    /**
     * The next new pod (after those already told to fail) gets {@code status} instead of running, and its
     * log's last lines are {@code log}.
     */
    public void failNext(PodStatus status, String log) {
        failures.add(new Failure(status, log));
    }

    /** A pod whose engine ended with {@code exitCode} before it was ready: phase Failed. */
    public static PodStatus ended(int exitCode) {
        return new PodStatusBuilder()
                .withPhase("Failed")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(PodSpecs.CONTAINER)
                        .withReady(false)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason("Error")
                        .endTerminated()
                        .endState()
                        .build())
                .build();
    }

    private void handle(Watcher.Action action, Pod pod) {
        String name = pod.getMetadata().getName();
        if (action == Watcher.Action.DELETED) {
            InProcessSimEngine engine = engines.remove(name);
            if (engine != null) {
                engine.close();
            }
            return;
        }
        Container container = pod.getSpec().getContainers().get(0);
        List<String> args = container.getArgs();
        if (action != Watcher.Action.ADDED || !args.contains(SimEngineMain.MAIN_CLASS)) {
            return;
        }
        String logPath = "/api/v1/namespaces/" + namespace + "/pods/" + name + "/log?pretty=false&container="
                + PodSpecs.CONTAINER;
        Failure failure = failures.poll();
        if (failure != null) {
            server.expect()
                    .get()
                    .withPath(logPath + "&tailLines=" + PodWorker.FAILURE_LOG_LINES)
                    .andReturn(200, failure.log())
                    .always();
            setStatus(name, failure.status());
            return;
        }
        server.expect()
                .get()
                .withPath(logPath + "&follow=true")
                .andReturn(200, ENGINE_LOG_LINE + "\n")
                .always();
        List<String> engineArgs = args.subList(args.indexOf(SimEngineMain.MAIN_CLASS) + 1, args.size());
        engines.put(name, InProcessSimEngine.start(engineArgs, environment(container)));
        started.add(name);
        setStatus(
                name,
                new PodStatusBuilder()
                        .withPhase("Running")
                        .withPodIP("127.0.0.1")
                        .withConditions(new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .build())
                        .withContainerStatuses(new ContainerStatusBuilder()
                                .withName(PodSpecs.CONTAINER)
                                .withReady(true)
                                .withNewState()
                                .withNewRunning()
                                .endRunning()
                                .endState()
                                .build())
                        .build());
    }

    /** The container's environment, read from the Secrets its variables refer to. */
    private Map<String, String> environment(Container container) {
        Map<String, String> env = new HashMap<>();
        if (container.getEnv() == null) {
            return env;
        }
        for (EnvVar variable : container.getEnv()) {
            String secretName = variable.getValueFrom().getSecretKeyRef().getName();
            String key = variable.getValueFrom().getSecretKeyRef().getKey();
            Secret secret = awaitSecret(secretName);
            String value = secret.getStringData() != null
                            && secret.getStringData().containsKey(key)
                    ? secret.getStringData().get(key)
                    : new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            env.put(variable.getName(), value);
        }
        return env;
    }

    // the launcher makes the Secret before the pod; waiting still, as a kubelet would, costs nothing then
    private Secret awaitSecret(String name) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Secret secret =
                    client.secrets().inNamespace(namespace).withName(name).get();
            if (secret != null) {
                return secret;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no Secret " + name);
    }

    private void setStatus(String name, PodStatus status) {
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
            p.setStatus(status);
            return p;
        });
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
        work.shutdown();
        work.awaitTermination(10, TimeUnit.SECONDS);
        engines.values().forEach(InProcessSimEngine::close);
        engines.clear();
    }
}
