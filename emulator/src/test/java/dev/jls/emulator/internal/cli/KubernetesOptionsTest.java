package dev.jls.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.LauncherChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The Kubernetes launcher's options, as the command line reads them and as they are checked. */
class KubernetesOptionsTest {

    @CommandLine.Command(name = "t", modelTransformer = EmulatorCommandLine.Mixer.class)
    static final class Cmd implements EmulatorCommandLine.Command {
        final EmulatorOptions options = EmulatorCommandLine.defaults();

        @Override
        public EmulatorOptions emulatorOptions() {
            return options;
        }
    }

    @Test
    void theCommandLineReadsTheLauncherAndItsOptions() {
        Cmd cmd = new Cmd();
        new CommandLine(cmd)
                .parseArgs(
                        "--launcher",
                        "kubernetes",
                        "--k8s-namespace",
                        "llm",
                        "--k8s-image",
                        "vllm/vllm-openai:v0.11.0",
                        "--k8s-image-pull-secret",
                        "regcred",
                        "--k8s-image-pull-secret",
                        "mirror",
                        "--k8s-gpu-product",
                        "H100=NVIDIA-H100-80GB-HBM3",
                        "--k8s-access",
                        "port-forward",
                        "--k8s-instance",
                        "team-a");
        EmulatorOptions o = cmd.options;
        o.validate();
        assertThat(o.launcher()).isEqualTo(LauncherChoice.KUBERNETES);
        assertThat(o.k8sNamespace()).contains("llm");
        assertThat(o.k8sImage()).contains("vllm/vllm-openai:v0.11.0");
        assertThat(o.k8sImagePullSecrets()).containsExactly("regcred", "mirror");
        assertThat(o.k8sGpuProductMap()).containsExactly(Map.entry("H100", "NVIDIA-H100-80GB-HBM3"));
        assertThat(o.k8sAccess()).isEqualTo("port-forward");
        assertThat(o.k8sInstance()).isEqualTo("team-a");
        assertThat(new EmulatorOptions(o).k8sImagePullSecrets()).containsExactly("regcred", "mirror");
    }

    @Test
    void theDefaultsRunWorkersLocallyAndNeedNothingOfKubernetes() {
        EmulatorOptions o = new EmulatorOptions();
        o.validate();
        assertThat(o.launcher()).isEqualTo(LauncherChoice.LOCAL);
        assertThat(o.k8sAccess()).isEqualTo("auto");
        assertThat(o.k8sInstance()).isEqualTo("jls");
        assertThat(o.k8sNamespace()).isEmpty();
    }

    @Test
    void aBadValueNamesItsOption() {
        assertThatThrownBy(() -> new EmulatorOptions()
                        .launcher(LauncherChoice.KUBERNETES)
                        .validate())
                .hasMessage("--launcher kubernetes needs --k8s-image");
        assertThatThrownBy(() -> new EmulatorOptions().k8sAccess("node-port").validate())
                .hasMessageStartingWith("--k8s-access 'node-port'");
        assertThatThrownBy(() -> new EmulatorOptions().k8sInstance("Team_A").validate())
                .hasMessageStartingWith("--k8s-instance must be 1 to 20 lower-case letters");
        assertThatThrownBy(() ->
                        new EmulatorOptions().k8sGpuProducts(List.of("H100")).validate())
                .hasMessageStartingWith("--k8s-gpu-product must be TYPE=PRODUCT");
        assertThatThrownBy(() -> new CommandLine(new Cmd()).parseArgs("--launcher", "slurm"))
                .hasMessageContaining("--launcher 'slurm' is not one of local, kubernetes");
    }
}
