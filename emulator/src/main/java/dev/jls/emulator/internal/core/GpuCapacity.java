package dev.jls.emulator.internal.core;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the GPU inventory could ever serve a spec: a worker needs {@code gpus_per_worker} GPUs of
 * one matching type. A spec it never could is refused at create, naming the field, rather than left
 * waiting for GPUs forever.
 */
final class GpuCapacity {

    private GpuCapacity() {}

    /** The most GPUs of one type the inventory has for {@code spec}, if that is too few, as an error. */
    static Optional<FieldError> error(DeploymentSpec spec, List<GpuAllocator.GpuHolding> pool) {
        Map<String, Integer> byType = new HashMap<>();
        for (GpuAllocator.GpuHolding h : pool) {
            Gpu g = h.gpu();
            boolean wanted = spec.gpuTypes().isEmpty();
            for (String t : spec.gpuTypes()) {
                wanted |= g.matches(t);
            }
            if (wanted) {
                byType.merge(g.type().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        int most = byType.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (most == 0) {
            return Optional.of(
                    new FieldError("gpus_to_use", "no GPU of the emulator's inventory matches " + spec.gpuTypes()));
        }
        if (most < spec.gpusPerWorker()) {
            return Optional.of(new FieldError(
                    "gpus_per_worker", "the emulator's inventory has at most " + most + " GPUs of one matching type"));
        }
        return Optional.empty();
    }
}
