package dev.jls.emulator.internal.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.core.Gpu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GpuPoolTest {

    @Test
    void allocatesExclusivelyByTypeCaseInsensitively() {
        GpuPool pool = new GpuPool(GpuFixtures.fourGpus());
        assertThat(pool.allocate(List.of("h100"), 1, "w1"))
                .hasValueSatisfying(g -> assertThat(g).extracting(Gpu::index).containsExactly(0));
        assertThat(pool.allocate(List.of("H100"), 1, "w2"))
                .hasValueSatisfying(g -> assertThat(g).extracting(Gpu::index).containsExactly(1));
        assertThat(pool.allocate(List.of("H100"), 1, "w3")).isEmpty();
        // The next acceptable type is taken when the first has none free.
        assertThat(pool.allocate(List.of("H100", "h200"), 2, "w3"))
                .hasValueSatisfying(g -> assertThat(g).extracting(Gpu::index).containsExactly(2, 3));
        assertThat(pool.freeCount()).isZero();
        assertThat(pool.snapshot()).extracting(e -> e.holder().orElse("-")).containsExactly("w1", "w2", "w3", "w3");
        assertThat(pool.snapshot().get(2).grantedAs()).contains("h200");

        assertThat(pool.release("w3")).extracting(Gpu::index).containsExactly(2, 3);
        assertThat(pool.release("w3")).isEmpty();
        assertThat(pool.heldBy("w1")).extracting(Gpu::index).containsExactly(0);
        assertThat(pool.snapshot().get(3).holder()).isEmpty();
    }

    @Test
    void oneWorkersGpusAreAllOfOneType() {
        GpuPool pool = new GpuPool(GpuInventory.simulated("H100:1,L4:1").gpus());
        // One of each is free, but no type has two.
        assertThat(pool.allocate(List.of("H100", "L4"), 2, "w1")).isEmpty();
        assertThat(pool.freeCount()).isEqualTo(2);
    }

    @Test
    void simulatedGpusOfAnyTypeTakeTheRequestedType() {
        GpuPool pool = new GpuPool(GpuInventory.simulatedAnyType(8));
        Optional<List<Gpu>> gpus = pool.allocate(List.of("A100-80GB"), 3, "w1");
        assertThat(gpus).hasValueSatisfying(g -> assertThat(g).hasSize(3));
        assertThat(pool.snapshot().get(0).grantedAs()).contains("A100-80GB");
        assertThat(pool.allocate(List.of("L4"), 6, "w2")).isEmpty();
        assertThat(pool.allocate(List.of("L4"), 5, "w2")).isPresent();
    }

    @Test
    void saysWhenARequestCanNeverBeGranted() {
        GpuPool pool = new GpuPool(GpuFixtures.fourGpus());
        assertThat(pool.canEverSatisfy(List.of("H200"), 2)).isTrue();
        assertThat(pool.unsatisfiableReason(List.of("H200"), 3))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("gpus_per_worker is 3").contains("at most 2"));
        assertThat(pool.unsatisfiableReason(List.of("L4"), 1))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("no GPU of type L4").contains("H100 x2, H200 x2"));
        // Held GPUs do not matter: the question is about the inventory.
        pool.allocate(List.of("H200"), 2, "w1");
        assertThat(pool.canEverSatisfy(List.of("h200"), 2)).isTrue();
    }

    @Test
    void concurrentAllocationsNeverShareAGpu() throws Exception {
        GpuPool pool = new GpuPool(GpuInventory.simulatedAnyType(8));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<List<Gpu>>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String holder = "w" + i;
                results.add(executor.submit(() -> {
                    start.await();
                    return pool.allocate(List.of("H100"), 1, holder);
                }));
            }
            start.countDown();
            Set<Integer> seen = new HashSet<>();
            int granted = 0;
            for (Future<Optional<List<Gpu>>> result : results) {
                Optional<List<Gpu>> gpus = result.get();
                if (gpus.isPresent()) {
                    granted++;
                    assertThat(seen.add(gpus.get().get(0).index())).isTrue();
                }
            }
            assertThat(granted).isEqualTo(8);
        } finally {
            executor.shutdownNow();
        }
    }

    record Step(boolean allocate, String holder, List<String> types, int count) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(true, true, false),
                        Arbitraries.of("w1", "w2", "w3", "w4", "w5"),
                        Arbitraries.of("H100", "h100", "L4", "A100-80GB", "H200")
                                .list()
                                .ofMinSize(0)
                                .ofMaxSize(3),
                        Arbitraries.integers().between(0, 4))
                .as(Step::new);
        return step.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void randomAllocationsNeverShareAGpuNorExceedTheInventory(
            @ForAll("steps") List<Step> steps, @ForAll boolean anyTypePool) {
        List<Gpu> inventory = anyTypePool
                ? GpuInventory.simulatedAnyType(5).gpus()
                : GpuInventory.simulated("H100:3,L4:2,A100-80GB:1").gpus();
        GpuPool pool = new GpuPool(inventory);
        Map<String, List<Gpu>> held = new HashMap<>();
        for (Step step : steps) {
            if (step.allocate()) {
                Optional<List<Gpu>> gpus = pool.allocate(step.types(), step.count(), step.holder());
                gpus.ifPresent(g -> {
                    assertThat(g).hasSize(step.count());
                    assertThat(g.stream().map(Gpu::type).distinct().count()).isLessThanOrEqualTo(1);
                    if (!step.types().isEmpty()) {
                        assertThat(g)
                                .allSatisfy(
                                        gpu -> assertThat(step.types().stream().anyMatch(gpu::matches))
                                                .isTrue());
                    }
                    held.computeIfAbsent(step.holder(), h -> new ArrayList<>()).addAll(g);
                });
            } else {
                List<Gpu> released = pool.release(step.holder());
                assertThat(released).containsExactlyInAnyOrderElementsOf(held.getOrDefault(step.holder(), List.of()));
                held.remove(step.holder());
            }
            Set<Integer> indices = new HashSet<>();
            held.values()
                    .forEach(list -> list.forEach(gpu -> assertThat(indices.add(gpu.index()))
                            .as("GPU %s held twice", gpu.index())
                            .isTrue()));
            assertThat(indices.size()).isLessThanOrEqualTo(inventory.size());
            assertThat(pool.freeCount()).isEqualTo(inventory.size() - indices.size());
            long heldInSnapshot =
                    pool.snapshot().stream().filter(e -> e.holder().isPresent()).count();
            assertThat(heldInSnapshot).isEqualTo(indices.size());
        }
    }
}
