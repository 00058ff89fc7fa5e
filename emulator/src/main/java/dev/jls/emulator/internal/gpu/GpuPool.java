package dev.jls.emulator.internal.gpu;

import dev.jls.emulator.internal.core.Gpu;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exclusive allocation of an inventory's GPUs to holders (workers). Each allocation is a set of GPUs
 * of one type; a GPU has at most one holder. Thread-safe.
 */
public final class GpuPool {

    /**
     * One GPU as the pool sees it, for {@code /metrics} and status.
     *
     * @param gpu the GPU
     * @param holder who holds it, empty when free
     * @param grantedAs the requested type it was handed out as (a simulated GPU of any type takes the
     *     requested type), empty when free
     */
    public record Entry(Gpu gpu, Optional<String> holder, Optional<String> grantedAs) {}

    private final List<Gpu> gpus;
    private final Map<Integer, String> holderByIndex = new HashMap<>();
    private final Map<Integer, String> grantedAsByIndex = new HashMap<>();

    /** A pool of every GPU of {@code inventory}, all free. */
    public GpuPool(GpuInventory inventory) {
        this(inventory.gpus());
    }

    /**
     * A pool of {@code gpus}, all free.
     *
     * @throws IllegalArgumentException when two GPUs share an index
     */
    public GpuPool(List<Gpu> gpus) {
        List<Gpu> sorted = new ArrayList<>(gpus);
        sorted.sort(Comparator.comparingInt(Gpu::index));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).index() == sorted.get(i - 1).index()) {
                throw new IllegalArgumentException(
                        "two GPUs have the index " + sorted.get(i).index());
            }
        }
        this.gpus = List.copyOf(sorted);
    }

    /**
     * Takes {@code count} free GPUs of one type for {@code holder}: the first type of {@code
     * acceptableTypes} (matched case-insensitively) that has enough free GPUs, the lowest indices of
     * that type. An empty {@code acceptableTypes} accepts any type. A holder may hold several
     * allocations; {@link #release} frees them all.
     *
     * @return the GPUs, in index order; empty when no type has {@code count} free GPUs now
     * @throws IllegalArgumentException when {@code count} is negative
     */
    public synchronized Optional<List<Gpu>> allocate(List<String> acceptableTypes, int count, String holder) {
        Objects.requireNonNull(holder, "holder");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (count == 0) {
            return Optional.of(List.of());
        }
        for (Map.Entry<String, List<Gpu>> candidates :
                candidatesByType(acceptableTypes, true).entrySet()) {
            List<Gpu> free = candidates.getValue();
            if (free.size() >= count) {
                List<Gpu> taken = List.copyOf(free.subList(0, count));
                for (Gpu gpu : taken) {
                    holderByIndex.put(gpu.index(), holder);
                    grantedAsByIndex.put(gpu.index(), candidates.getKey());
                }
                return Optional.of(taken);
            }
        }
        return Optional.empty();
    }

    /** Frees every GPU {@code holder} holds; returns them (empty when it held none). */
    public synchronized List<Gpu> release(String holder) {
        List<Gpu> released = new ArrayList<>();
        for (Gpu gpu : gpus) {
            if (holder.equals(holderByIndex.get(gpu.index()))) {
                holderByIndex.remove(gpu.index());
                grantedAsByIndex.remove(gpu.index());
                released.add(gpu);
            }
        }
        return List.copyOf(released);
    }

    /** The GPUs {@code holder} holds, in index order. */
    public synchronized List<Gpu> heldBy(String holder) {
        return gpus.stream()
                .filter(gpu -> holder.equals(holderByIndex.get(gpu.index())))
                .toList();
    }

    /** Every GPU with its holder, in index order. */
    public synchronized List<Entry> snapshot() {
        List<Entry> entries = new ArrayList<>(gpus.size());
        for (Gpu gpu : gpus) {
            entries.add(new Entry(
                    gpu,
                    Optional.ofNullable(holderByIndex.get(gpu.index())),
                    Optional.ofNullable(grantedAsByIndex.get(gpu.index()))));
        }
        return List.copyOf(entries);
    }

    /** The GPUs of the inventory, in index order. */
    public List<Gpu> gpus() {
        return gpus;
    }

    /** How many GPUs are free now. */
    public synchronized int freeCount() {
        return gpus.size() - holderByIndex.size();
    }

    /**
     * Whether a request for {@code count} GPUs of one of {@code acceptableTypes} could be granted once
     * every GPU is free; a deployment for which this is false would wait forever.
     */
    public boolean canEverSatisfy(List<String> acceptableTypes, int count) {
        return unsatisfiableReason(acceptableTypes, count).isEmpty();
    }

    /**
     * Why a request for {@code count} GPUs of one of {@code acceptableTypes} can never be granted by
     * this inventory, e.g. {@code gpus_per_worker is 4 but the inventory has at most 2 GPUs of type L4};
     * empty when it can.
     */
    public Optional<String> unsatisfiableReason(List<String> acceptableTypes, int count) {
        if (count < 0) {
            return Optional.of("gpus_per_worker must not be negative, was " + count);
        }
        if (count == 0) {
            return Optional.empty();
        }
        Map<String, List<Gpu>> candidates = candidatesByType(acceptableTypes, false);
        if (candidates.isEmpty()) {
            return Optional.of("no GPU of type "
                    + String.join(" or ", acceptableTypes)
                    + " in the inventory ("
                    + (gpus.isEmpty() ? "no GPUs" : NvidiaSmi.describe(gpus))
                    + ")");
        }
        int most = candidates.values().stream().mapToInt(List::size).max().orElse(0);
        if (most >= count) {
            return Optional.empty();
        }
        return Optional.of("gpus_per_worker is "
                + count
                + " but the inventory has at most "
                + most
                + " GPU"
                + (most == 1 ? "" : "s")
                + " of one requested type ("
                + String.join(", ", candidates.keySet())
                + ")");
    }

    // Groups the GPUs that may serve the request by the type they would be granted as, in order of
    // preference; GPUs of any type answer to each requested type.
    private Map<String, List<Gpu>> candidatesByType(List<String> acceptableTypes, boolean freeOnly) {
        Map<String, List<Gpu>> byType = new LinkedHashMap<>();
        if (acceptableTypes.isEmpty()) {
            for (Gpu gpu : gpus) {
                if (!freeOnly || !holderByIndex.containsKey(gpu.index())) {
                    byType.computeIfAbsent(gpu.type(), type -> new ArrayList<>())
                            .add(gpu);
                }
            }
            return byType;
        }
        Set<String> seen = new HashSet<>();
        for (String requested : acceptableTypes) {
            String type = requested.strip();
            if (!seen.add(type.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (Gpu gpu : gpus) {
                if (gpu.matches(type) && (!freeOnly || !holderByIndex.containsKey(gpu.index()))) {
                    byType.computeIfAbsent(type, key -> new ArrayList<>()).add(gpu);
                }
            }
        }
        return byType;
    }
}
