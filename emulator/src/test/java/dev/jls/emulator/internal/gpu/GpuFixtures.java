package dev.jls.emulator.internal.gpu;

import dev.jls.emulator.internal.core.Gpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Inventories made of the real nvidia-smi output kept in the test resources. */
public final class GpuFixtures {

    private GpuFixtures() {}

    /** The text of {@code nvidia-smi/<name>} from the test resources. */
    public static String fixture(String name) {
        try (InputStream in = GpuFixtures.class.getResourceAsStream("/nvidia-smi/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource nvidia-smi/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two H100 (indices 0, 1) and two H200 (2, 3): the real one-GPU lines of the fixtures with the index
     * and uuid changed, as a four-GPU machine would print them.
     */
    public static List<Gpu> fourGpus() {
        String h100 = fixture("h100-1gpu.csv").strip();
        String h200 = fixture("h200-1gpu.csv").strip();
        String output = String.join(
                "\n",
                h100,
                h100.replaceFirst("^0,", "1,").replace("GPU-73be", "GPU-73bf"),
                h200.replaceFirst("^0,", "2,"),
                h200.replaceFirst("^0,", "3,").replace("GPU-2a1a", "GPU-2a1b"));
        return NvidiaSmi.parse(output);
    }
}
