package dev.jls.emulator.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.gpu.GpuInventory;
import dev.jls.emulator.internal.gpu.NvidiaSmi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineRegistryTest {

    private final GpuInventory realGpus =
            GpuInventory.ofDiscovered(NvidiaSmi.parse("0, GPU-a, NVIDIA H100 80GB HBM3, 81559, 0"));
    private final GpuInventory noGpus = GpuInventory.simulatedAnyType(8);

    @Test
    void autoTakesVllmWithRealGpusAndAVllmOnPath(@TempDir Path bin) {
        StandIns.script(bin, "vllm", "#!/bin/sh\nexit 0\n");
        EngineRegistry registry = EngineRegistry.builder()
                .gpuInventory(realGpus)
                .path("/nonexistent:" + bin)
                .build();
        assertThat(registry.engineFor("vllm"))
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(VllmEngine.class));
        assertThat(registry.engineFor("VLLM")).isPresent();
        assertThat(registry.reason())
                .startsWith("using vLLM (" + bin.resolve("vllm"))
                .contains("H100");
    }

    @Test
    void autoFallsBackToTheSimulatedEngineAndSaysWhy(@TempDir Path bin) {
        EngineRegistry noVllm = EngineRegistry.builder()
                .gpuInventory(realGpus)
                .path(bin.toString())
                .build();
        assertThat(noVllm.vllmFrameworkEngine()).isInstanceOf(SimEngine.class);
        assertThat(noVllm.reason()).isEqualTo("using the simulated engine: no vllm on PATH");

        StandIns.script(bin, "vllm", "#!/bin/sh\nexit 0\n");
        EngineRegistry noGpu = EngineRegistry.builder()
                .gpuInventory(noGpus)
                .path(bin.toString())
                .build();
        assertThat(noGpu.vllmFrameworkEngine()).isInstanceOf(SimEngine.class);
        assertThat(noGpu.reason()).isEqualTo("using the simulated engine: no real GPU");

        EngineRegistry neither =
                EngineRegistry.builder().gpuInventory(noGpus).path("").build();
        assertThat(neither.reason()).contains("no real GPU").contains(", and no vllm on PATH");
    }

    @Test
    void whyNoGpuWasFoundIsLeftToTheInventorysOwnLine(@TempDir Path bin) {
        // The start-up prints the inventory's description on its own line, just above the engine's.
        GpuInventory failed = GpuInventory.fromOptions(
                java.util.Optional.empty(), bin.resolve("nvidia-smi").toString(), Duration.ofSeconds(5));
        assertThat(failed.description()).contains("could not be run");

        EngineRegistry registry =
                EngineRegistry.builder().gpuInventory(failed).path("").build();

        assertThat(registry.reason())
                .isEqualTo("using the simulated engine: no real GPU, and no vllm on PATH")
                .doesNotContain("nvidia-smi");
    }

    @Test
    void simAndVllmAreTakenWhenAskedFor(@TempDir Path bin) {
        assertThat(EngineRegistry.builder()
                        .choice(EngineChoice.of("SIM"))
                        .path(bin.toString())
                        .build()
                        .reason())
                .isEqualTo("using the simulated engine: --engine sim");
        EngineRegistry vllm = EngineRegistry.builder()
                .choice(EngineChoice.VLLM)
                .path(bin.toString())
                .build();
        assertThat(vllm.vllmFrameworkEngine()).isInstanceOf(VllmEngine.class);
        assertThat(vllm.reason()).contains("vllm not found on PATH").contains("will fail to start");
        assertThatThrownBy(() -> EngineChoice.of("gpu"))
                .hasMessageContaining("--engine 'gpu'")
                .hasMessageContaining("auto, sim, vllm");
    }

    @Test
    void otherFrameworksNeedAnEngineCommand() {
        EngineRegistry registry = EngineRegistry.builder()
                .choice(EngineChoice.SIM)
                .engineCommandOptions(
                        List.of("sglang=python3 -m sglang.launch_server --model-path {model} --port {port}"))
                .build();
        assertThat(registry.engineFor("sglang"))
                .hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("sglang"));
        assertThat(registry.engineFor("ollama")).isEmpty();
        assertThat(EngineRegistry.missingEngineMessage("ollama"))
                .isEqualTo(
                        "framework ollama needs an engine command: start the emulator with --engine-command ollama=...");
    }

    @Test
    void anEngineCommandForVllmReplacesTheChoice() {
        EngineRegistry registry = EngineRegistry.builder()
                .choice(EngineChoice.SIM)
                .engineCommand(
                        TemplateEngine.parse("vllm", "my-vllm serve {model} --port {port}", Duration.ofMinutes(1)))
                .build();
        assertThat(registry.vllmFrameworkEngine()).isInstanceOf(TemplateEngine.class);
        assertThat(registry.reason()).startsWith("using the engine command given for vllm");
    }
}
