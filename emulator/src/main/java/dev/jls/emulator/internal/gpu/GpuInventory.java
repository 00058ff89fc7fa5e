package dev.jls.emulator.internal.gpu;

import dev.jls.emulator.internal.core.Gpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GPUs the emulator hands out to workers: discovered with {@code nvidia-smi}, given with {@code
 * --gpus}, or the default simulated pool. Immutable.
 */
public final class GpuInventory {

    /** How many GPUs the default simulated pool has. */
    public static final int DEFAULT_SIMULATED_COUNT = 8;

    // Memory of the simulated GPUs of known types, as the real parts report it (MiB).
    private static final Map<String, Long> KNOWN_MEMORY_MIB = Map.of(
            "H100", 81559L,
            "H200", 143771L,
            "A100-80GB", 81920L,
            "A100-40GB", 40960L,
            "L4", 23034L);

    private final List<Gpu> gpus;
    private final boolean discovered;
    private final String description;

    private GpuInventory(List<Gpu> gpus, boolean discovered, String description) {
        this.gpus = List.copyOf(gpus);
        this.discovered = discovered;
        this.description = description;
    }

    /**
     * The inventory for the emulator's {@code --gpus} option: the simulated inventory it describes when
     * given (it overrides discovery), else the GPUs {@code nvidia-smi} finds, else {@link
     * #simulatedAnyType(int) 8 simulated GPUs of any type}.
     *
     * @param gpusOption the {@code --gpus} value, e.g. {@code H100:4,L4:2}; empty or blank to discover
     * @throws IllegalArgumentException when {@code gpusOption} cannot be read, naming the bad part
     */
    public static GpuInventory fromOptions(Optional<String> gpusOption) {
        return fromOptions(gpusOption, "nvidia-smi", NvidiaSmi.DEFAULT_TIMEOUT);
    }

    /** As {@link #fromOptions(Optional)}, running {@code nvidiaSmi} with the given timeout. */
    public static GpuInventory fromOptions(Optional<String> gpusOption, String nvidiaSmi, Duration timeout) {
        if (gpusOption.isPresent() && !gpusOption.get().isBlank()) {
            return simulated(gpusOption.get());
        }
        NvidiaSmi.Discovery discovery = NvidiaSmi.discover(nvidiaSmi, timeout);
        if (!discovery.gpus().isEmpty()) {
            return new GpuInventory(discovery.gpus(), true, discovery.reason());
        }
        GpuInventory fallback = simulatedAnyType(DEFAULT_SIMULATED_COUNT);
        return new GpuInventory(
                fallback.gpus, false, "no GPU found (" + discovery.reason() + "): " + fallback.description);
    }

    /** GPUs read from {@code nvidia-smi} output elsewhere (e.g. a fixture); see {@link NvidiaSmi#parse}. */
    public static GpuInventory ofDiscovered(List<Gpu> gpus) {
        return new GpuInventory(gpus, true, NvidiaSmi.describe(gpus) + " found by nvidia-smi");
    }

    /**
     * A simulated inventory from a spec such as {@code H100:4,L4:2}: comma-separated {@code TYPE[:COUNT]}
     * parts (count 1 when left out), indices counted up from 0 in order. The type {@code *} makes GPUs
     * that take any requested type.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static GpuInventory simulated(String spec) {
        List<Gpu> gpus = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] parts = spec.split(",", -1);
        for (String rawPart : parts) {
            String part = rawPart.strip();
            if (part.isEmpty()) {
                throw new IllegalArgumentException(
                        "--gpus '" + spec + "': empty part; expected TYPE[:COUNT],… e.g. H100:4,L4:2");
            }
            String[] typeAndCount = part.split(":", -1);
            if (typeAndCount.length > 2) {
                throw new IllegalArgumentException(
                        "--gpus '" + spec + "': part '" + part + "' has more than one ':'; expected TYPE[:COUNT]");
            }
            String type = typeAndCount[0].strip();
            if (type.isEmpty() || !type.matches("\\*|[A-Za-z0-9][A-Za-z0-9._\\-]*")) {
                throw new IllegalArgumentException("--gpus '"
                        + spec
                        + "': part '"
                        + part
                        + "' has no valid type (letters, digits, '.', '_', '-', or '*' for any type)");
            }
            int count = 1;
            if (typeAndCount.length == 2) {
                try {
                    count = Integer.parseInt(typeAndCount[1].strip());
                } catch (NumberFormatException e) {
                    count = -1;
                }
                if (count < 1 || count > 1024) {
                    throw new IllegalArgumentException(
                            "--gpus '" + spec + "': part '" + part + "' needs a count between 1 and 1024 after ':'");
                }
            }
            String normalised = Gpu.ANY_TYPE.equals(type) ? type : type.toUpperCase(Locale.ROOT);
            if (!seen.add(normalised)) {
                throw new IllegalArgumentException(
                        "--gpus '" + spec + "': type '" + type + "' is given more than once");
            }
            for (int i = 0; i < count; i++) {
                gpus.add(simulatedGpu(gpus.size(), normalised));
            }
        }
        return new GpuInventory(
                gpus, false, "simulated inventory from --gpus " + spec.strip() + ": " + NvidiaSmi.describe(gpus));
    }

    /**
     * GPUs found elsewhere than by {@code nvidia-smi} (a cluster's nodes), with {@code description}
     * saying where; {@code discovered} as {@link #discovered()}.
     */
    public static GpuInventory of(List<Gpu> gpus, boolean discovered, String description) {
        return new GpuInventory(List.copyOf(gpus), discovered, description);
    }

    /** The memory in MiB of a GPU of {@code type}, where known; 0 otherwise. */
    public static long knownMemoryMiB(String type) {
        return KNOWN_MEMORY_MIB.getOrDefault(type, 0L);
    }

    /** {@code count} simulated GPUs that each take any requested type. */
    public static GpuInventory simulatedAnyType(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<Gpu> gpus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            gpus.add(simulatedGpu(i, Gpu.ANY_TYPE));
        }
        return new GpuInventory(gpus, false, count + " simulated GPUs that take any requested type");
    }

    private static Gpu simulatedGpu(int index, String type) {
        String name = Gpu.ANY_TYPE.equals(type) ? "simulated GPU (any type)" : "simulated " + type;
        String uuid = String.format(Locale.ROOT, "SIM-00000000-0000-0000-0000-%012d", index);
        return new Gpu(index, uuid, name, type, KNOWN_MEMORY_MIB.getOrDefault(type, 0L), 0, true);
    }

    /** The GPUs, in index order as listed. */
    public List<Gpu> gpus() {
        return gpus;
    }

    /** Whether these GPUs are real ones found by {@code nvidia-smi} rather than simulated. */
    public boolean discovered() {
        return discovered;
    }

    /**
     * Where the inventory came from, for the emulator's start-up message and status, e.g. {@code no GPU
     * found (nvidia-smi could not be run …): 8 simulated GPUs that take any requested type}.
     */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
