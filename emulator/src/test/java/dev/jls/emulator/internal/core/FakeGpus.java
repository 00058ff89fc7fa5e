package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small GPU pool for the core's tests: simulated GPUs of given types. */
final class FakeGpus implements GpuAllocator {

    private final List<Gpu> gpus = new ArrayList<>();
    private final Map<Integer, String> holders = new HashMap<>();

    /** {@code count} GPUs that stand in for any type. */
    static FakeGpus any(int count) {
        FakeGpus p = new FakeGpus();
        for (int i = 0; i < count; i++) {
            p.gpus.add(new Gpu(i, "SIM-" + i, "simulated", Gpu.ANY_TYPE, 81_920, 0, true));
        }
        return p;
    }

    FakeGpus add(String type, int count) {
        for (int i = 0; i < count; i++) {
            int index = gpus.size();
            gpus.add(new Gpu(index, "SIM-" + index, "NVIDIA " + type, type, 81_920, 0, true));
        }
        return this;
    }

    @Override
    public synchronized Optional<List<Gpu>> allocate(List<String> types, int count, String holder) {
        Map<String, List<Gpu>> freeByType = new HashMap<>();
        for (Gpu g : gpus) {
            if (holders.containsKey(g.index())) {
                continue;
            }
            boolean wanted = types.isEmpty() || types.stream().anyMatch(g::matches);
            if (wanted) {
                freeByType.computeIfAbsent(g.type(), k -> new ArrayList<>()).add(g);
            }
        }
        for (List<Gpu> free : freeByType.values()) {
            if (free.size() >= count) {
                List<Gpu> got = free.subList(0, count);
                for (Gpu g : got) {
                    holders.put(g.index(), holder);
                }
                return Optional.of(List.copyOf(got));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void release(String holder) {
        holders.values().removeIf(holder::equals);
    }

    @Override
    public synchronized List<GpuHolding> snapshot() {
        return gpus.stream()
                .map(g -> new GpuHolding(g, Optional.ofNullable(holders.get(g.index()))))
                .toList();
    }

    synchronized int held() {
        return holders.size();
    }
}
