package dev.jls.emulator;

import dev.jls.emulator.core.GpuAllocator;
import dev.jls.emulator.gpu.Gpu;
import dev.jls.emulator.gpu.GpuPool;
import java.util.List;
import java.util.Optional;

/** The core's view of the {@link GpuPool}. */
final class GpuPoolAllocator implements GpuAllocator {

  private final GpuPool pool;

  GpuPoolAllocator(GpuPool pool) {
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
    return pool.snapshot().stream().map(e -> new GpuHolding(e.gpu(), e.holder())).toList();
  }
}
