package dev.jls.emulator.internal.core;

import java.util.Objects;

/**
 * One GPU of the emulator's inventory, as {@code nvidia-smi} reports it or as the simulated inventory
 * makes it up.
 *
 * @param index the device index, the number that goes into {@code CUDA_VISIBLE_DEVICES}
 * @param uuid the device UUID ({@code GPU-…}); simulated GPUs get a made-up one starting {@code SIM-}
 * @param name the full product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param type the short type a deployment's {@code gpus_to_use} matches, e.g. {@code H100};
 *     {@code *} for a simulated GPU that stands in for any type
 * @param memoryTotalMiB total memory in MiB
 * @param memoryUsedMiB memory in use when the inventory was read, in MiB
 * @param simulated whether this GPU is made up rather than discovered
 */
public record Gpu(
        int index, String uuid, String name, String type, long memoryTotalMiB, long memoryUsedMiB, boolean simulated) {

    /** The {@link #type()} of a simulated GPU that any requested type may take. */
    public static final String ANY_TYPE = "*";

    public Gpu {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** Whether a deployment asking for {@code requestedType} may run on this GPU (case-insensitive). */
    public boolean matches(String requestedType) {
        return ANY_TYPE.equals(type) || type.equalsIgnoreCase(requestedType.trim());
    }
}
