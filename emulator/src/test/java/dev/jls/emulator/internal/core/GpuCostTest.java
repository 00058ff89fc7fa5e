package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.jls.emulator.internal.store.DataDir;
import dev.jls.emulator.internal.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code total_cost}: each worker's GPUs cost from when it gets them until its process is gone, per
 * GPU, at the price per GPU-hour of their type; the cost is kept across a restart.
 */
class GpuCostTest {

    private static final GpuPrices PRICES = new GpuPrices(Map.of("H100", 2.0, "l4", 0.5));

    @TempDir
    Path dir;

    private static DeploymentSpec spec(List<String> types, int gpusPerWorker, int min, int max, int idleTimeout) {
        return new DeploymentSpec(
                "qwen",
                DeploymentSpec.DEFAULT_REGION,
                "vllm",
                types,
                gpusPerWorker,
                min,
                max,
                1,
                idleTimeout,
                0,
                50,
                Map.of("model", "Qwen/Qwen3-0.6B"),
                Map.of());
    }

    private static double cost(CoreHarness h, String dep) {
        return h.get(dep).totalCost();
    }

    @Test
    void aWorkersGpusCostFromWhenItGetsThemUntilItsProcessIsGone() {
        CoreHarness h = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(100, PRICES));
        String dep = h.create(spec(List.of("H100"), 2, 0, 1, 60));
        assertThat(cost(h, dep)).isZero();
        assertThat(h.get(dep).currency()).isEqualTo("USD");

        h.advance(Duration.ofMinutes(10));
        assertThat(cost(h, dep)).as("no worker yet").isZero();

        String req = h.submit(dep);
        // provisioning costs already: 2 GPUs x 2.0 an hour, for a quarter of an hour
        h.advance(Duration.ofMinutes(15));
        assertThat(cost(h, dep)).isCloseTo(1.0, within(1e-9));
        h.readyAll();
        h.answerAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);

        // idle for its idle_timeout: it stops, and costs no more
        h.advance(Duration.ofSeconds(60));
        assertThat(h.get(dep).workers()).isEmpty();
        double stopped = cost(h, dep);
        assertThat(stopped).isCloseTo(1.0 + 4.0 * 60 / 3600, within(1e-9));
        h.advance(Duration.ofHours(5));
        assertThat(cost(h, dep)).isEqualTo(stopped);
    }

    @Test
    void gpusAreBilledAsTheirOwnTypeAndAnUnpricedTypeCostsNothing() {
        CoreHarness h = new CoreHarness(FakeGpus.any(0).add("L4", 2).add("A100", 1), CoreHarness.settings(100, PRICES));
        String l4 = h.create(spec(List.of("H100", "L4"), 1, 2, 2, 60));
        String a100 = h.create(spec(List.of("A100"), 1, 1, 1, 60));
        h.readyAll();
        h.advance(Duration.ofHours(2));
        assertThat(cost(h, l4)).isCloseTo(2 * 0.5 * 2, within(1e-9));
        assertThat(cost(h, a100)).isZero();
    }

    @Test
    void withoutPricesEveryCostIsZero() {
        CoreHarness h = new CoreHarness();
        String dep = h.create(spec(List.of("H100"), 1, 1, 1, 60));
        h.readyAll();
        h.advance(Duration.ofHours(3));
        assertThat(cost(h, dep)).isZero();
    }

    @Test
    void theCostSurvivesACleanStopAndACrashLosesAtMostACheckpoint() {
        MutableClock clock = new MutableClock();
        SqliteStore first = SqliteStore.open(new DataDir(dir));
        CoreHarness h = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(100, PRICES), clock, first);
        String dep = h.create(spec(List.of("H100"), 1, 1, 1, 60));
        h.readyAll();
        h.advance(Duration.ofMinutes(90));
        h.cluster.shutdown();
        h.drain();
        first.written().join();
        first.close();

        // a clean stop kept every moment: 1 GPU x 2.0 for 1.5 h
        clock.advance(Duration.ofHours(1));
        SqliteStore second = SqliteStore.open(new DataDir(dir));
        h = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(100, PRICES), clock, second);
        assertThat(cost(h, dep)).isCloseTo(3.0, within(1e-9));

        // running again from here; a crash keeps what the last checkpoint saw
        h.readyAll();
        h.advance(GpuBilling.CHECKPOINT.multipliedBy(3));
        h.advance(GpuBilling.CHECKPOINT.dividedBy(2));
        second.written().join();
        second.close();
        SqliteStore third = SqliteStore.open(new DataDir(dir));
        try {
            CoreHarness after = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(100, PRICES), clock, third);
            double minutes = GpuBilling.CHECKPOINT.multipliedBy(3).toMinutes();
            assertThat(cost(after, dep)).isCloseTo(3.0 + 2.0 * minutes / 60, within(1e-9));
        } finally {
            third.close();
        }
    }

    @Test
    void pricesMustNameATypeAndBeZeroOrMore() {
        assertThatThrownBy(() -> new GpuPrices(Map.of(" ", 1.0))).hasMessageContaining("GPU type");
        assertThatThrownBy(() -> new GpuPrices(Map.of("H100", -1.0))).hasMessageContaining("H100");
        assertThatThrownBy(() -> new GpuPrices(Map.of("H100", Double.NaN))).hasMessageContaining("H100");
        assertThat(new GpuPrices(Map.of("h100", 2.0)).perGpuHour(java.util.Optional.of("H100")))
                .isEqualTo(2.0);
    }
}
