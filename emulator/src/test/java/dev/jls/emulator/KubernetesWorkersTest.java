package dev.jls.emulator;

import static dev.jls.emulator.SimQwen.chat;
import static dev.jls.emulator.SimQwen.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.kubernetes.FakeKubelet;
import dev.jls.emulator.internal.kubernetes.KubernetesWorkers;
import dev.jls.emulator.internal.kubernetes.PodSpecs;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.DeploymentUpdate;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator with {@code --launcher kubernetes} against fabric8's mock API server in CRUD mode, the
 * test playing the kubelet ({@link FakeKubelet}): each pod's simulated engine runs in the test's JVM, on
 * the port the pod's spec names, at IP 127.0.0.1.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesWorkersTest {

    private static final String PRODUCT = "NVIDIA-H100-80GB-HBM3";

    KubernetesMockServer server;
    KubernetesClient kube;

    private FakeKubelet kubelet;
    private JlsEmulator emulator;
    private JlsClient client;

    @BeforeEach
    void cluster() {
        // two GPU nodes, of 2 H100 each, and a node without GPUs
        kube.nodes().resource(gpuNode("gpu-a", 2)).create();
        kube.nodes().resource(gpuNode("gpu-b", 2)).create();
        kube.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("cpu")
                        .endMetadata()
                        .build())
                .create();
        kubelet = new FakeKubelet(server, kube, kube.getNamespace());
    }

    @AfterEach
    void stop() throws InterruptedException {
        try {
            if (client != null) {
                client.close();
            }
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            kubelet.close();
        }
    }

    private static io.fabric8.kubernetes.api.model.Node gpuNode(String name, int gpus) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(PodSpecs.GPU_PRODUCT_LABEL, PRODUCT)
                .endMetadata()
                .withNewStatus()
                .addToAllocatable(PodSpecs.GPU_RESOURCE, new Quantity(Integer.toString(gpus)))
                .endStatus()
                .build();
    }

    private EmulatorOptions options() {
        return new EmulatorOptions()
                .launcher(LauncherChoice.KUBERNETES)
                .engine(EngineChoice.SIM)
                .k8sImage("registry.example/jls-sim:test")
                .k8sImagePullSecrets(List.of("regcred"))
                .k8sAccess("pod-ip")
                .workerStartBackoff(Duration.ofMillis(100))
                .workerStopGrace(Duration.ofSeconds(1))
                .deleteGrace(Duration.ofSeconds(1));
    }

    private void start(EmulatorOptions options) {
        emulator = JlsEmulator.builder()
                .options(options)
                .kubernetes(new KubernetesWorkers.Connection(kube, worker -> freePort()))
                .build()
                .start();
        client = JlsClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey(emulator.apiKey())
                .build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Pod> pods() {
        return kube.pods().inNamespace(kube.getNamespace()).list().getItems();
    }

    private List<Pod> podsOf(String deploymentId) {
        return kube.pods()
                .inNamespace(kube.getNamespace())
                .withLabel(PodSpecs.DEPLOYMENT, deploymentId)
                .list()
                .getItems();
    }

    @Test
    void gpuCapacityComesFromTheNodesAllocatableGpusPerProduct() {
        start(options());
        assertThat(emulator.gpuDescription())
                .isEqualTo("4 GPUs (H100 x4) allocatable on the cluster's nodes (nvidia.com/gpu)");
        assertThat(emulator.engineDescription())
                .startsWith("workers as pods of namespace " + kube.getNamespace()
                        + " (image registry.example/jls-sim:test, reached by pod-ip), the simulated engine");
    }

    @Test
    void scalesUpAndDownWithOnePodPerWorkerAndToZero() {
        start(options());
        String dep = client.deployments()
                .create(spec("k8s")
                        .minWorkers(0)
                        .maxWorkers(2)
                        .concurrentRequests(1)
                        .build());
        emulator.await().deploymentStatus(dep, "running");
        assertThat(podsOf(dep)).isEmpty();

        CompletableFuture<ChatCompletion> first = CompletableFuture.supplyAsync(() -> client.requests()
                .awaitChatCompletion(
                        dep, client.requests().submit(dep, chat("one", 8)).id()));
        CompletableFuture<ChatCompletion> second = CompletableFuture.supplyAsync(() -> client.requests()
                .awaitChatCompletion(
                        dep, client.requests().submit(dep, chat("two", 8)).id()));
        emulator.await().workers(dep, 2);
        assertThat(first.join().choices()).isNotEmpty();
        assertThat(second.join().choices()).isNotEmpty();
        assertThat(podsOf(dep)).hasSize(2);
        assertThat(kubelet.started()).hasSize(2);

        // down to one, then to zero: the pods go with their workers
        client.deployments()
                .update(dep, DeploymentUpdate.builder().maxWorkers(1).build());
        emulator.await().until(events -> stopped(events, dep) == 1, "one worker stopped");
        assertThat(podsOf(dep)).hasSize(1);
        client.deployments()
                .update(dep, DeploymentUpdate.builder().maxWorkers(0).build());
        emulator.await().until(events -> stopped(events, dep) == 2, "both workers stopped");
        assertThat(podsOf(dep)).isEmpty();

        // and up again from zero
        client.deployments()
                .update(
                        dep,
                        DeploymentUpdate.builder().maxWorkers(1).minWorkers(1).build());
        emulator.await().workers(dep, 1);
        assertThat(podsOf(dep)).hasSize(1);
        assertThat(client.requests()
                        .awaitChatCompletion(
                                dep,
                                client.requests().submit(dep, chat("three", 4)).id())
                        .choices())
                .isNotEmpty();
    }

    private static long stopped(List<EmulatorEvent> events, String dep) {
        return events.stream()
                .filter(e -> dep.equals(e.deploymentId())
                        && e.kind() == EmulatorEvent.Kind.WORKER
                        && e.state().equals("stopped"))
                .count();
    }

    @Test
    void aPodWhoseImageCannotBePulledFailsItsStartWithTheReason() {
        start(options().workerStartAttempts(1));
        kubelet.failNext(
                "ErrImagePull",
                "pull access denied for registry.example/jls-sim",
                "Pulling image registry.example/jls-sim:test\nFailed to pull image: unauthorized\n");
        String dep = client.deployments()
                .create(spec("no-image").minWorkers(1).maxWorkers(1).build());
        emulator.await().deploymentStatus(dep, "failed");

        EmulatorEvent failed = emulator.events().forDeployment(dep).stream()
                .filter(e -> e.state().equals("start_failed"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.message())
                .contains("ErrImagePull: pull access denied for registry.example/jls-sim")
                .contains("pod jls-")
                .endsWith("last line: Failed to pull image: unauthorized");
        assertThat(client.deployments().retrieve(dep).errorMessage())
                .hasValueSatisfying(m -> assertThat(m).contains("ErrImagePull"));
        // the failed pod is removed
        emulator.await().until(events -> podsOf(dep).isEmpty(), "the failed pod deleted");
    }

    @Test
    void anEngineThatEndsBeforeItsPodIsReadyIsAStartFailureCountedLikeALocalOne() {
        start(options().workerStartAttempts(2));
        kubelet.failNext(FakeKubelet.ended(3), "loading the model\nValueError: no such model\n");
        kubelet.failNext(FakeKubelet.ended(3), "loading the model\nValueError: no such model\n");
        String dep = client.deployments()
                .create(spec("bad-model").minWorkers(1).maxWorkers(1).build());
        emulator.await().deploymentStatus(dep, "failed");

        List<EmulatorEvent> failures = emulator.events().forDeployment(dep).stream()
                .filter(e -> e.state().equals("start_failed"))
                .toList();
        assertThat(failures)
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.message())
                        .contains("container ended (Error, exit code 3)")
                        .endsWith("last line: ValueError: no such model"));
        assertThat(kubelet.started()).isEmpty();
    }

    @Test
    void aPodThatDisappearsIsACrashedWorkerAndIsReplaced() {
        start(options());
        String dep = client.deployments()
                .create(spec("vanish").minWorkers(1).maxWorkers(1).build());
        emulator.await().workers(dep, 1);
        String name = podsOf(dep).get(0).getMetadata().getName();

        kube.pods().inNamespace(kube.getNamespace()).withName(name).delete();

        EmulatorEvent crashed = emulator.await()
                .event(e -> dep.equals(e.deploymentId()) && e.state().equals("crashed"), "the worker crashed");
        assertThat(crashed.kind()).isEqualTo(EmulatorEvent.Kind.WORKER);
        emulator.await()
                .until(
                        events -> events.stream()
                                        .filter(e -> dep.equals(e.deploymentId())
                                                && e.state().equals("ready"))
                                        .count()
                                == 2,
                        "a replacement ready");
        assertThat(podsOf(dep))
                .hasSize(1)
                .extracting(p -> p.getMetadata().getName())
                .doesNotContain(name);
        assertThat(client.requests()
                        .awaitChatCompletion(
                                dep,
                                client.requests().submit(dep, chat("after", 4)).id())
                        .choices())
                .isNotEmpty();
    }

    @Test
    void theSimulatedEnginesFaultsReachItInItsPod() {
        start(options());
        String dep = client.deployments()
                .create(spec("faulty").minWorkers(1).maxWorkers(1).build());
        emulator.await().workers(dep, 1);
        RawHttp http = new RawHttp(emulator.baseUrl(), emulator.apiKey());
        String chat = "{\"model\": \"qwen\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"max_tokens\": 4}";

        emulator.faults().deployment(dep).errorRate(1, 3);
        assertThat(http.post("/openai/" + dep + "/v1/chat/completions", chat).statusCode())
                .isEqualTo(500);
        emulator.faults().deployment(dep).clear();
        assertThat(http.post("/openai/" + dep + "/v1/chat/completions", chat).statusCode())
                .isEqualTo(200);
    }

    @Test
    void podsAnEarlierRunLeftAreRemovedAtStartAndOtherInstancesAreLeftAlone() {
        Pod orphan = leftPod("jls-old12-dep-0-w1", "jls");
        Pod foreign = leftPod("other-old12-dep-0-w1", "other");
        kube.pods().inNamespace(kube.getNamespace()).resource(orphan).create();
        kube.pods().inNamespace(kube.getNamespace()).resource(foreign).create();

        start(options());

        assertThat(pods()).extracting(p -> p.getMetadata().getName()).containsExactly("other-old12-dep-0-w1");
    }

    private static Pod leftPod(String name, String instance) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(PodSpecs.MANAGED_BY, PodSpecs.MANAGED_BY_VALUE)
                .addToLabels(PodSpecs.INSTANCE, instance)
                .addToLabels(PodSpecs.RUN, "old12")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(PodSpecs.CONTAINER)
                .withImage("registry.example/jls-sim:old")
                .endContainer()
                .endSpec()
                .build();
    }

    @Test
    void aWorkersPodAsksForItsGpusOnTheirProductAndGetsItsEnvFromASecretItOwns() {
        start(options());
        String dep = client.deployments()
                .create(spec("spec")
                        .minWorkers(1)
                        .maxWorkers(1)
                        .putEnv("HF_TOKEN", "hf_secret_value")
                        .build());
        emulator.await().workers(dep, 1);

        Pod pod = podsOf(dep).get(0);
        Container engine = pod.getSpec().getContainers().get(0);
        assertThat(engine.getImage()).isEqualTo("registry.example/jls-sim:test");
        assertThat(engine.getResources().getLimits()).containsEntry(PodSpecs.GPU_RESOURCE, new Quantity("1"));
        assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry(PodSpecs.GPU_PRODUCT_LABEL, PRODUCT));
        assertThat(pod.getSpec().getImagePullSecrets())
                .extracting(r -> r.getName())
                .containsExactly("regcred");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry(PodSpecs.INSTANCE, "jls")
                .containsEntry(PodSpecs.DEPLOYMENT, dep)
                .containsKey(PodSpecs.WORKER);
        assertThat(engine.getEnv()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("HF_TOKEN");
            assertThat(v.getValue()).isNull();
            assertThat(v.getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(pod.getMetadata().getName());
        });
        Secret secret = kube.secrets()
                .inNamespace(kube.getNamespace())
                .withName(pod.getMetadata().getName())
                .get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Pod");
            assertThat(owner.getUid()).isEqualTo(pod.getMetadata().getUid());
        });
        // its log: the pod's states, then the engine's own lines from the pod's log stream (read apart)
        RawHttp http = new RawHttp(emulator.baseUrl(), emulator.apiKey());
        Supplier<String> logs =
                () -> http.get("/management/" + dep + "/logs?tail=100").body();
        assertThat(logs.get()).contains("[jls] pod " + pod.getMetadata().getName() + ": Running, running, ready");
        Eventually.await(
                Duration.ofSeconds(30),
                "the engine's line in the worker's log",
                () -> logs.get().contains(FakeKubelet.ENGINE_LOG_LINE));
        // the emulator's event names the pod
        assertThat(emulator.events().forDeployment(dep))
                .filteredOn(e -> e.state().equals("launched"))
                .singleElement()
                .satisfies(e -> assertThat(e.details())
                        .containsEntry("runs_as", "pod " + pod.getMetadata().getName()));
    }
}
