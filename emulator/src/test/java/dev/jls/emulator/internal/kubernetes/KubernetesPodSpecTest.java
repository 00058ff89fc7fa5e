package dev.jls.emulator.internal.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerStartException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact objects of one worker: its pod and the Secret of its environment. */
class KubernetesPodSpecTest {

    private static final PodSettings SETTINGS = new PodSettings(
            "jls",
            "ab12c",
            "vllm/vllm-openai:v0.11.0",
            List.of("regcred"),
            Map.of("A100-80GB", "NVIDIA-A100-SXM4-80GB"),
            Duration.ofMillis(4500));

    private static Gpu h100(int index) {
        return new Gpu(index, "K8S-gpu-a-" + index, "NVIDIA-H100-80GB-HBM3", "H100", 81_559, 0, false);
    }

    private static WorkerLaunch launch(List<Gpu> gpus) {
        return new WorkerLaunch(
                "dep-0a1b2c3d4e5f",
                7,
                "vllm",
                "Qwen/Qwen3-0.6B",
                "qwen",
                Map.of("model", "Qwen/Qwen3-0.6B"),
                Map.of("HF_TOKEN", "hf_x"),
                gpus);
    }

    @Test
    void thePodRunsTheLocalCommandWithItsGpusProductProbeLabelsAndEnvFromItsSecret() {
        List<String> local = List.of(
                "vllm",
                "serve",
                "Qwen/Qwen3-0.6B",
                "--host",
                "127.0.0.1",
                "--port",
                "8000",
                "--tensor-parallel-size",
                "2");
        Map<String, String> env = PodSpecs.podEnvironment(
                Map.of("HF_TOKEN", "hf_x", "CUDA_VISIBLE_DEVICES", "0,1", "VLLM_PORT", "20000", "JLS_PARENT_PID", "1"));
        assertThat(env).containsExactly(Map.entry("HF_TOKEN", "hf_x"));

        Pod pod = PodSpecs.pod(SETTINGS, launch(List.of(h100(0), h100(1))), PodSpecs.podCommand(local), env, 8000);

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "jls-emulator");
        labels.put("jls.dev/instance", "jls");
        labels.put("jls.dev/run", "ab12c");
        labels.put("jls.dev/deployment", "dep-0a1b2c3d4e5f");
        labels.put("jls.dev/worker", "7");
        Pod expected = new PodBuilder()
                .withNewMetadata()
                .withName("jls-ab12c-dep-0a1b2c3d4e5f-w7")
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(5L)
                .addNewImagePullSecret("regcred")
                .withNodeSelector(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"))
                .addNewToleration()
                .withKey("nvidia.com/gpu")
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .addNewContainer()
                .withName("engine")
                .withImage("vllm/vllm-openai:v0.11.0")
                .withCommand("vllm")
                .withArgs(
                        "serve",
                        "Qwen/Qwen3-0.6B",
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "8000",
                        "--tensor-parallel-size",
                        "2")
                .addNewEnv()
                .withName("HF_TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("HF_TOKEN", "jls-ab12c-dep-0a1b2c3d4e5f-w7", false)
                .endValueFrom()
                .endEnv()
                .addNewPort()
                .withName("http")
                .withContainerPort(8000)
                .withProtocol("TCP")
                .endPort()
                .withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity("2"))
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/health")
                .withNewPort("http")
                .endHttpGet()
                .withPeriodSeconds(2)
                .withFailureThreshold(3)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .build();
        assertThat(pod).isEqualTo(expected);
    }

    @Test
    void theSecretHoldsTheEnvironmentAndIsOwnedByThePod() {
        Pod pod = PodSpecs.pod(SETTINGS, launch(List.of()), List.of("vllm"), Map.of("HF_TOKEN", "hf_x"), 8000);
        Secret secret = PodSpecs.secret(pod, Map.of("HF_TOKEN", "hf_x"));
        assertThat(secret.getMetadata().getName()).isEqualTo("jls-ab12c-dep-0a1b2c3d4e5f-w7");
        assertThat(secret.getMetadata().getLabels()).isEqualTo(pod.getMetadata().getLabels());
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getStringData()).containsExactly(Map.entry("HF_TOKEN", "hf_x"));

        Pod created = new PodBuilder(pod)
                .editMetadata()
                .withUid("uid-1")
                .endMetadata()
                .build();
        assertThat(PodSpecs.owner(created))
                .isEqualTo(new OwnerReferenceBuilder()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withName("jls-ab12c-dep-0a1b2c3d4e5f-w7")
                        .withUid("uid-1")
                        .withBlockOwnerDeletion(false)
                        .build());
    }

    @Test
    void simulatedGpusAskTheClusterForNoneAndAMappedTypeSelectsItsProduct() {
        Gpu simulated = new Gpu(0, "SIM-0", "simulated H100", "H100", 0, 0, true);
        Container container = PodSpecs.pod(SETTINGS, launch(List.of(simulated)), List.of("java"), Map.of(), 8000)
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(container.getResources().getLimits()).isNull();
        assertThat(container.getEnv()).isNull();

        Gpu a100 = new Gpu(0, "K8S-n-0", "A100 from the node", "A100-80GB", 0, 0, false);
        assertThat(PodSpecs.pod(SETTINGS, launch(List.of(a100)), List.of("vllm"), Map.of(), 8000)
                        .getSpec()
                        .getNodeSelector())
                .containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"));
    }

    @Test
    void aVariableThatCannotBeASecretKeyFailsTheStartNamingIt() {
        assertThatThrownBy(() -> PodSpecs.pod(SETTINGS, launch(List.of()), List.of("vllm"), Map.of("A B", "x"), 8000))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage("cannot start worker 7: the variable name A B cannot be a Kubernetes Secret's key");
    }

    @Test
    void nodesGiveOneGpuPerAllocatableNvidiaGpuTypedByTheirProduct() {
        var nodes = List.of(
                new NodeBuilder()
                        .withNewMetadata()
                        .withName("b")
                        .addToLabels("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB")
                        .endMetadata()
                        .withNewStatus()
                        .addToAllocatable("nvidia.com/gpu", new Quantity("1"))
                        .endStatus()
                        .build(),
                new NodeBuilder()
                        .withNewMetadata()
                        .withName("a")
                        .addToLabels("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3")
                        .endMetadata()
                        .withNewStatus()
                        .addToAllocatable("nvidia.com/gpu", new Quantity("2"))
                        .endStatus()
                        .build(),
                new NodeBuilder()
                        .withNewMetadata()
                        .withName("cordoned")
                        .addToLabels("nvidia.com/gpu.product", "NVIDIA-L4")
                        .endMetadata()
                        .withNewSpec()
                        .withUnschedulable(true)
                        .endSpec()
                        .withNewStatus()
                        .addToAllocatable("nvidia.com/gpu", new Quantity("4"))
                        .endStatus()
                        .build());
        var inventory = NodeGpus.inventory(nodes, Map.of("A100", "NVIDIA-A100-SXM4-80GB"));
        assertThat(inventory.discovered()).isTrue();
        assertThat(inventory.gpus())
                .extracting(Gpu::index, Gpu::type, Gpu::name, Gpu::simulated)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "H100", "NVIDIA-H100-80GB-HBM3", false),
                        org.assertj.core.groups.Tuple.tuple(1, "H100", "NVIDIA-H100-80GB-HBM3", false),
                        org.assertj.core.groups.Tuple.tuple(2, "A100", "NVIDIA-A100-SXM4-80GB", false));

        var none = NodeGpus.inventory(List.of(), Map.of());
        assertThat(none.discovered()).isFalse();
        assertThat(none.gpus())
                .hasSize(8)
                .allSatisfy(g -> assertThat(g.simulated()).isTrue());
    }
}
