package dev.jls.emulator.internal.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.Gpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvidiaSmiTest {

    static String fixture(String name) {
        return GpuFixtures.fixture(name);
    }

    @Test
    void parsesTheRealH100AndH200Output() throws IOException {
        Gpu h100 = NvidiaSmi.parse(fixture("h100-1gpu.csv")).get(0);
        assertThat(h100)
                .isEqualTo(new Gpu(
                        0,
                        "GPU-73be6886-0d4f-d2ad-55f9-0b1d83fb8e8d",
                        "NVIDIA H100 80GB HBM3",
                        "H100",
                        81559,
                        0,
                        false));
        List<Gpu> h200 = NvidiaSmi.parse(fixture("h200-1gpu.csv"));
        assertThat(h200).singleElement().satisfies(gpu -> {
            assertThat(gpu.type()).isEqualTo("H200");
            assertThat(gpu.memoryTotalMiB()).isEqualTo(143771);
            assertThat(gpu.uuid()).isEqualTo("GPU-2a1a8180-b0d5-b3c3-6531-bc139bcdab12");
        });
    }

    @Test
    void toleratesSpacesBlankLinesAHeaderUnitsAndExtraColumns() {
        String output = "index, uuid, name, memory.total [MiB], memory.used [MiB]\n"
                + "\n"
                + "  0 ,GPU-a,   NVIDIA L4 ,23034 MiB, 12 MiB, 7, extra\n"
                + "1, GPU-b, NVIDIA A100-SXM4-40GB, 40960, [N/A]\r\n";
        List<Gpu> gpus = NvidiaSmi.parse(output);
        assertThat(gpus).extracting(Gpu::index).containsExactly(0, 1);
        assertThat(gpus).extracting(Gpu::type).containsExactly("L4", "A100-40GB");
        assertThat(gpus).extracting(Gpu::memoryUsedMiB).containsExactly(12L, 0L);
        assertThat(gpus.get(0).memoryTotalMiB()).isEqualTo(23034);
    }

    @Test
    void garbageGivesAnErrorNamingTheLineAndColumn() {
        assertThatThrownBy(() -> NvidiaSmi.parse("0, GPU-a, NVIDIA L4, 23034, 0\nNo devices were found"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("at least 5 columns");
        assertThatThrownBy(() -> NvidiaSmi.parse("0, GPU-a, NVIDIA L4, lots, 0"))
                .hasMessageContaining("line 1")
                .hasMessageContaining("memory.total 'lots'");
        assertThatThrownBy(() -> NvidiaSmi.parse("x, GPU-a, NVIDIA L4, 1, 0")).hasMessageContaining("index 'x'");
        assertThatThrownBy(() -> NvidiaSmi.parse("0, , NVIDIA L4, 1, 0")).hasMessageContaining("uuid is empty");
    }

    @ParameterizedTest
    @CsvSource({
        "NVIDIA H100 80GB HBM3, H100",
        "NVIDIA H100 PCIe, H100",
        "NVIDIA H100 NVL, H100",
        "NVIDIA H200, H200",
        "NVIDIA A100-SXM4-80GB, A100-80GB",
        "NVIDIA A100-SXM4-40GB, A100-40GB",
        "NVIDIA A100 80GB PCIe, A100-80GB",
        "NVIDIA A100-PCIE-40GB, A100-40GB",
        "NVIDIA L4, L4",
        "NVIDIA L40S, L40S",
        "NVIDIA A10G, A10G",
        "Tesla T4, T4",
        "Tesla V100-SXM2-16GB, V100-16GB",
        "NVIDIA GeForce RTX 4090, RTX-4090",
        "NVIDIA RTX A6000, RTX-A6000",
        "NVIDIA RTX 6000 Ada Generation, RTX-6000-ADA",
    })
    void shortTypes(String name, String type) {
        assertThat(NvidiaSmi.shortType(name)).isEqualTo(type);
    }

    @Test
    void discoversThroughTheExecutable(@TempDir Path dir) throws IOException {
        Path smi = script(
                dir,
                "nvidia-smi",
                "#!/bin/sh\n[ \"$1\" = '--query-gpu=index,uuid,name,memory.total,memory.used' ] || exit 7\n"
                        + "[ \"$2\" = '--format=csv,noheader,nounits' ] || exit 8\n"
                        + "cat <<'END'\n" + fixture("h100-1gpu.csv") + "END\n");
        NvidiaSmi.Discovery discovery = NvidiaSmi.discover(smi.toString(), Duration.ofSeconds(20));
        assertThat(discovery.gpus()).extracting(Gpu::type).containsExactly("H100");
        assertThat(discovery.reason()).contains("1 GPU (H100 x1)");
    }

    @Test
    void anAbsentFailingSlowOrGarbledNvidiaSmiFindsNothingAndSaysWhy(@TempDir Path dir) throws IOException {
        assertThat(NvidiaSmi.discover(dir.resolve("absent").toString(), Duration.ofSeconds(5)))
                .satisfies(d -> {
                    assertThat(d.gpus()).isEmpty();
                    assertThat(d.reason()).contains("could not be run");
                });
        Path failing = script(
                dir,
                "failing",
                "#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\nexit 9\n");
        assertThat(NvidiaSmi.discover(failing.toString(), Duration.ofSeconds(20)))
                .satisfies(d -> {
                    assertThat(d.gpus()).isEmpty();
                    assertThat(d.reason()).contains("exited with 9").contains("couldn't communicate");
                });
        Path slow = script(dir, "slow", "#!/bin/sh\nexec sleep 60\n");
        assertThat(NvidiaSmi.discover(slow.toString(), Duration.ofMillis(300))).satisfies(d -> {
            assertThat(d.gpus()).isEmpty();
            assertThat(d.reason()).contains("did not answer");
        });
        Path garbled = script(dir, "garbled", "#!/bin/sh\necho 'what is this'\n");
        assertThat(NvidiaSmi.discover(garbled.toString(), Duration.ofSeconds(20)))
                .satisfies(d -> {
                    assertThat(d.gpus()).isEmpty();
                    assertThat(d.reason()).contains("could not read").contains("line 1");
                });
    }

    static Path script(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
