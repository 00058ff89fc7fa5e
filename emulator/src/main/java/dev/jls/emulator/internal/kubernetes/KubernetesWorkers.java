package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.gpu.GpuInventory;
import dev.jls.emulator.internal.sim.SimEngineMain;
import dev.jls.emulator.internal.workers.EngineRegistry;
import dev.jls.emulator.internal.workers.FaultInjector;
import dev.jls.emulator.internal.workers.PortPool;
import dev.jls.emulator.internal.workers.SimEngine;
import dev.jls.emulator.internal.workers.VllmEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongToIntFunction;

/**
 * Everything the emulator needs to run its workers as pods, made from its options: the client, the GPU
 * capacity of the cluster's nodes, the engines as the image runs them, the launcher behind a fault
 * injector. The emulator calls this only for {@code --launcher kubernetes}, so that no class of the
 * Kubernetes client is loaded otherwise; nothing of the client shows in what it returns.
 */
public final class KubernetesWorkers {

    /** Where the emulator jar is in the simulated engine's image (the repository's Dockerfile). */
    public static final String SIM_JAR = "/opt/jls/jls-emulator.jar";

    /** How long a simulated worker's pod may take to be ready: scheduling and an image pull included. */
    public static final Duration SIM_POD_START_TIMEOUT = Duration.ofMinutes(5);

    private KubernetesWorkers() {}

    /**
     * A cluster to use instead of the one the usual configuration names ({@code KUBECONFIG}, {@code
     * ~/.kube/config}, or the pod's service account), and the engine port of each worker. For tests.
     */
    public record Connection(KubernetesClient client, LongToIntFunction enginePorts) {
        public Connection {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(enginePorts, "enginePorts");
        }
    }

    /**
     * The running launcher and what it found.
     *
     * @param launcher the pods' launcher behind the fault injector; closing it deletes the pods (and
     *     closes a client of its own)
     * @param inventory the GPUs of the cluster's nodes, or the {@code --gpus} inventory
     * @param frameworks the frameworks with an engine
     * @param engineDescription which engine runs and where, for the start-up message
     */
    public record Started(
            FaultInjector launcher, GpuInventory inventory, Set<String> frameworks, String engineDescription) {}

    /**
     * Connects to the cluster (or uses {@code connection}), reads its GPU capacity, removes the pods an
     * earlier run of the same instance left, and starts watching this run's.
     *
     * @param connection the cluster of a test, or null for the usual configuration
     * @throws IllegalArgumentException when the cluster cannot be reached or named no namespace
     */
    public static Started start(EmulatorOptions options, Connection connection) {
        KubernetesClient client = connection != null ? connection.client() : new KubernetesClientBuilder().build();
        try {
            return connection != null
                    ? start(options, client, connection.enginePorts(), false)
                    : start(options, client, w -> KubernetesLauncher.DEFAULT_ENGINE_PORT, true);
        } catch (RuntimeException e) {
            if (connection == null) {
                client.close();
            }
            throw e;
        }
    }

    private static Started start(
            EmulatorOptions options, KubernetesClient client, LongToIntFunction enginePorts, boolean ownClient) {
        GpuInventory inventory;
        if (options.gpus().isPresent()) {
            inventory = GpuInventory.simulated(options.gpus().get());
        } else {
            try {
                inventory = NodeGpus.inventory(client.nodes().list().getItems(), options.k8sGpuProductMap());
            } catch (KubernetesClientException e) {
                throw new IllegalArgumentException(
                        "--launcher kubernetes: cannot list the cluster's nodes at " + client.getMasterUrl() + ": "
                                + e.getMessage(),
                        e);
            }
        }
        EngineChoice choice = options.engine();
        if (choice == EngineChoice.AUTO) {
            choice = inventory.discovered() ? EngineChoice.VLLM : EngineChoice.SIM;
        }
        PortPool internalPorts = new PortPool(PortPool.DEFAULT_FIRST, PortPool.DEFAULT_LAST);
        EngineRegistry engines = EngineRegistry.builder()
                .choice(choice)
                .sim(new SimEngine(
                        Path.of("java"),
                        SimEngineMain.recommendedJvmFlags(),
                        List.of(Path.of(SIM_JAR)),
                        SimEngineMain.MAIN_CLASS,
                        SIM_POD_START_TIMEOUT))
                .vllm(new VllmEngine(options.vllmExecutable(), options.vllmStartTimeout(), internalPorts))
                .engineCommandOptions(options.engineCommands())
                .build();
        PodSettings settings = new PodSettings(
                options.k8sInstance(),
                runId(),
                options.k8sImage()
                        .orElseThrow(() -> new IllegalArgumentException("--launcher kubernetes needs --k8s-image")),
                options.k8sImagePullSecrets(),
                options.k8sGpuProductMap(),
                options.workerStopGrace());
        KubernetesLauncher launcher;
        try {
            launcher = KubernetesLauncher.builder(client, engines, settings)
                    .namespace(options.k8sNamespace().orElse(null))
                    .access(K8sAccess.of(options.k8sAccess()))
                    .enginePorts(enginePorts)
                    .internalPorts(internalPorts)
                    .closeClient(ownClient)
                    .build();
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException(
                    "--launcher kubernetes: the Kubernetes API at " + client.getMasterUrl() + " refused: "
                            + e.getMessage(),
                    e);
        }
        String description = "workers as pods of namespace " + launcher.namespace() + " (image " + settings.image()
                + ", reached by " + launcher.access().asString() + "), "
                + (choice == EngineChoice.SIM ? "the simulated engine" : "vLLM")
                + "; " + inventory.description();
        return new Started(
                FaultInjector.remote(launcher, engines),
                inventory,
                engines.engineCommands().keySet(),
                description);
    }

    /** Five hex digits: this run's id, in its pods' names and labels. */
    static String runId() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, 5);
    }
}
