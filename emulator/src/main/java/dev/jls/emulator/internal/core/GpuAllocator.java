package dev.jls.emulator.internal.core;

import java.util.List;
import java.util.Optional;

/**
 * The GPUs the core hands to workers, each held by at most one worker at a time. Implementations are
 * thread-safe; the core calls them from its event loop only.
 */
public interface GpuAllocator {

    /**
     * Takes {@code count} free GPUs, all of one type matching one of {@code types} (any type when
     * {@code types} is empty), for {@code holder}; empty when not enough are free now.
     */
    Optional<List<Gpu>> allocate(List<String> types, int count, String holder);

    /** Frees every GPU {@code holder} holds; nothing happens when it holds none. */
    void release(String holder);

    /** Every GPU of the inventory and who holds it. */
    List<GpuHolding> snapshot();

    /**
     * One GPU and its holder.
     *
     * @param holder the holder given to {@link #allocate}, empty when the GPU is free
     */
    record GpuHolding(Gpu gpu, Optional<String> holder) {}
}
