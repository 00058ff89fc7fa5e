package dev.jls.emulator.internal.gpu;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.GpuAllocator;
import java.util.List;
import java.util.Optional;

/** The core's view of the {@link GpuPool}. */
public final class GpuPoolAllocator implements GpuAllocator {

    private final GpuPool pool;

    public GpuPoolAllocator(GpuPool pool) {
        this.pool = pool;
    }

    @Override
    public Optional<List<Gpu>> allocate(List<String> types, int count, String holder) {
        return pool.allocate(types, count, holder);
    }

    @Override
    public void release(String holder) {
        pool.release(holder);
    }

    @Override
    public List<GpuHolding> snapshot() {
        return pool.snapshot().stream()
                .map(e -> new GpuHolding(e.gpu(), e.holder()))
                .toList();
    }
}
