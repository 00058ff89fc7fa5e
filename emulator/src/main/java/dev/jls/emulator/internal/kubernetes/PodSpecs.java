package dev.jls.emulator.internal.kubernetes;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.WorkerEnvironment;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerStartException;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The objects of one worker: its pod, and the Secret that holds its environment. The pod runs the engine
 * command a local worker would run, listening on all of the pod's addresses; the Secret is owned by the
 * pod ({@link #owner}), so that Kubernetes deletes it with the pod.
 */
public final class PodSpecs {

    /** The label every object of the emulator carries, with {@link #MANAGED_BY_VALUE}. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    public static final String MANAGED_BY_VALUE = "jls-emulator";
    /** The label naming the emulator instance. */
    public static final String INSTANCE = "jls.dev/instance";
    /** The label naming the run of the emulator instance that made the pod. */
    public static final String RUN = "jls.dev/run";
    /** The label naming the deployment. */
    public static final String DEPLOYMENT = "jls.dev/deployment";
    /** The label naming the worker id. */
    public static final String WORKER = "jls.dev/worker";

    /** The resource the NVIDIA device plugin offers. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** The node label NVIDIA's GPU feature discovery sets to the GPU's product name. */
    public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
    /** The name of the engine's container. */
    public static final String CONTAINER = "engine";
    /** The name of the container's port. */
    public static final String PORT_NAME = "http";

    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private PodSpecs() {}

    /** The pod's name: {@code <instance>-<run>-<deployment>-w<worker>}, lower case. */
    public static String podName(PodSettings settings, WorkerLaunch launch) {
        return (settings.instance() + "-" + settings.run() + "-" + launch.deploymentId() + "-w" + launch.workerId())
                .toLowerCase(Locale.ROOT);
    }

    /** The labels of the emulator instance's objects. */
    public static Map<String, String> instanceLabels(PodSettings settings) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGED_BY_VALUE);
        labels.put(INSTANCE, settings.instance());
        return labels;
    }

    /** The labels of one worker's pod and Secret. */
    public static Map<String, String> workerLabels(PodSettings settings, WorkerLaunch launch) {
        Map<String, String> labels = instanceLabels(settings);
        labels.put(RUN, settings.run());
        labels.put(DEPLOYMENT, launch.deploymentId());
        labels.put(WORKER, Long.toString(launch.workerId()));
        return labels;
    }

    /**
     * The pod of worker {@code launch}: {@code command} and {@code args} (the engine's command line),
     * the environment from the Secret named like the pod, the engine on {@code port} with a readiness
     * probe on {@code /health}, and for GPUs of the cluster's nodes a {@code nvidia.com/gpu} limit, a
     * node selector on their product and a toleration of the GPU nodes' usual taint. Simulated GPUs (an
     * inventory given with {@code --gpus}) ask the cluster for none.
     *
     * @throws WorkerStartException when a variable's name cannot be a Secret's key
     */
    public static Pod pod(
            PodSettings settings,
            WorkerLaunch launch,
            List<String> command,
            Map<String, String> environment,
            int port) {
        String name = podName(settings, launch);
        List<EnvVar> env = new ArrayList<>();
        for (String variable : new TreeMap<>(environment).keySet()) {
            if (!SECRET_KEY.matcher(variable).matches()) {
                throw new WorkerStartException(
                        "cannot start worker " + launch.workerId() + ": the variable name " + variable
                                + " cannot be a Kubernetes Secret's key",
                        List.of());
            }
            env.add(new EnvVarBuilder()
                    .withName(variable)
                    .withNewValueFrom()
                    .withNewSecretKeyRef(variable, name, false)
                    .endValueFrom()
                    .build());
        }
        Map<String, Quantity> limits = new LinkedHashMap<>();
        Map<String, String> nodeSelector = new LinkedHashMap<>();
        List<Toleration> tolerations = new ArrayList<>();
        List<Gpu> gpus = launch.gpus().stream().filter(g -> !g.simulated()).toList();
        if (!gpus.isEmpty()) {
            limits.put(GPU_RESOURCE, new Quantity(Integer.toString(gpus.size())));
            nodeSelector.put(GPU_PRODUCT_LABEL, product(settings, gpus.get(0)));
            tolerations.add(new TolerationBuilder()
                    .withKey(GPU_RESOURCE)
                    .withOperator("Exists")
                    .withEffect("NoSchedule")
                    .build());
        }
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(workerLabels(settings, launch))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(
                        Math.max(0, (settings.stopGrace().toMillis() + 999) / 1000))
                .withImagePullSecrets(settings.imagePullSecrets().stream()
                        .map(LocalObjectReference::new)
                        .toList())
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withCommand(command.get(0))
                .withArgs(command.subList(1, command.size()))
                .withEnv(env.isEmpty() ? null : env)
                .addNewPort()
                .withName(PORT_NAME)
                .withContainerPort(port)
                .withProtocol("TCP")
                .endPort()
                .withNewResources()
                .withLimits(limits.isEmpty() ? null : limits)
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/health")
                .withNewPort(PORT_NAME)
                .endHttpGet()
                .withPeriodSeconds(2)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .build();
    }

    /**
     * The Secret that holds the environment of {@code pod}, named like it, with its labels. It is made
     * before the pod, so that the kubelet never looks for it in vain, and then given the pod as its owner
     * ({@link #owner}), so that Kubernetes deletes it with the pod.
     */
    public static Secret secret(Pod pod, Map<String, String> environment) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withLabels(pod.getMetadata().getLabels())
                .endMetadata()
                .withType("Opaque")
                .withStringData(new TreeMap<>(environment))
                .build();
    }

    /** {@code created} (a pod the API server made, with its uid) as the owner of its Secret. */
    public static OwnerReference owner(Pod created) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(created.getMetadata().getName())
                .withUid(created.getMetadata().getUid())
                .withBlockOwnerDeletion(false)
                .build();
    }

    /**
     * The value of {@link #GPU_PRODUCT_LABEL} a worker on {@code gpu} needs: the {@code --k8s-gpu-product}
     * mapping's for its type, else the product its node reported.
     */
    static String product(PodSettings settings, Gpu gpu) {
        return mapped(settings.gpuProducts(), gpu.type()).orElse(gpu.name());
    }

    static Optional<String> mapped(Map<String, String> products, String type) {
        return products.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(type))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * The engine's command for a pod: the local one, with its {@code --host 127.0.0.1} made {@code --host
     * 0.0.0.0} so that the kubelet's probe and the emulator reach it at the pod's IP.
     */
    public static List<String> podCommand(List<String> localCommand) {
        List<String> command = new ArrayList<>(localCommand);
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).equals("--host") && command.get(i + 1).equals("127.0.0.1")) {
                command.set(i + 1, "0.0.0.0");
            }
        }
        return command;
    }

    /** The engine's environment for a pod: without the variables that pin a local process to its GPUs and ports. */
    public static Map<String, String> podEnvironment(Map<String, String> localEnvironment) {
        Map<String, String> env = new TreeMap<>(localEnvironment);
        env.keySet().removeAll(WorkerEnvironment.EMULATOR_VARIABLES);
        return env;
    }
}
