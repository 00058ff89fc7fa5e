package dev.jls.emulator.internal.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.Gpu;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuInventoryTest {

    @Test
    void simulatedSpecCountsIndicesUpInOrder() {
        GpuInventory inventory = GpuInventory.simulated("H100:2, l4:1,A100-80GB");
        assertThat(inventory.gpus()).extracting(Gpu::index).containsExactly(0, 1, 2, 3);
        assertThat(inventory.gpus()).extracting(Gpu::type).containsExactly("H100", "H100", "L4", "A100-80GB");
        assertThat(inventory.gpus()).allSatisfy(gpu -> {
            assertThat(gpu.simulated()).isTrue();
            assertThat(gpu.uuid()).startsWith("SIM-");
        });
        assertThat(inventory.gpus().get(0).memoryTotalMiB()).isEqualTo(81559);
        assertThat(inventory.discovered()).isFalse();
        assertThat(inventory.description()).contains("H100:2").contains("H100 x2, L4 x1, A100-80GB x1");
    }

    @Test
    void badSpecsNameTheBadPart() {
        assertThatThrownBy(() -> GpuInventory.simulated("H100:4,L4:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'L4:x'")
                .hasMessageContaining("count");
        assertThatThrownBy(() -> GpuInventory.simulated("H100:4,,L4")).hasMessageContaining("empty part");
        assertThatThrownBy(() -> GpuInventory.simulated("H100:0")).hasMessageContaining("'H100:0'");
        assertThatThrownBy(() -> GpuInventory.simulated("H1 00:1")).hasMessageContaining("'H1 00:1'");
        assertThatThrownBy(() -> GpuInventory.simulated("H100:1:2")).hasMessageContaining("more than one ':'");
        assertThatThrownBy(() -> GpuInventory.simulated("H100,h100:2")).hasMessageContaining("more than once");
    }

    @Test
    void theGpusOptionOverridesDiscovery(@TempDir Path dir) throws IOException {
        Path smi = NvidiaSmiTest.script(dir, "nvidia-smi", "#!/bin/sh\necho '0, GPU-a, NVIDIA L4, 23034, 0'\n");
        GpuInventory inventory =
                GpuInventory.fromOptions(Optional.of("H200:1"), smi.toString(), Duration.ofSeconds(20));
        assertThat(inventory.gpus()).extracting(Gpu::type).containsExactly("H200");
        assertThat(inventory.discovered()).isFalse();

        GpuInventory discovered = GpuInventory.fromOptions(Optional.empty(), smi.toString(), Duration.ofSeconds(20));
        assertThat(discovered.gpus()).extracting(Gpu::type).containsExactly("L4");
        assertThat(discovered.discovered()).isTrue();
    }

    @Test
    void withoutGpusTheDefaultPoolTakesAnyType(@TempDir Path dir) {
        GpuInventory inventory = GpuInventory.fromOptions(
                Optional.empty(), dir.resolve("no-nvidia-smi").toString(), Duration.ofSeconds(5));
        assertThat(inventory.gpus()).hasSize(8).allSatisfy(gpu -> {
            assertThat(gpu.type()).isEqualTo(Gpu.ANY_TYPE);
            assertThat(gpu.matches("H100")).isTrue();
            assertThat(gpu.matches("l4")).isTrue();
        });
        assertThat(inventory.discovered()).isFalse();
        assertThat(inventory.description())
                .startsWith("no GPU found (")
                .contains("could not be run")
                .contains("8 simulated GPUs");
    }
}
