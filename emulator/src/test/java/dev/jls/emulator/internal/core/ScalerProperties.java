package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The scaler's rule alone: within bounds, enough slots, no more workers than needed. */
class ScalerProperties {

    @Property
    void theTargetStaysWithinMinAndMax(
            @ForAll @IntRange(max = 100_000) int demand,
            @ForAll @IntRange(min = 1, max = 100) int concurrent,
            @ForAll @IntRange(max = 100) int min,
            @ForAll @IntRange(max = 100) int max) {
        Assume.that(min <= max);
        int target = Scaler.target(demand, concurrent, min, max);
        assertThat(target).isBetween(min, max);
        assertThat(Scaler.floor(target, min)).isBetween(min, max).isGreaterThanOrEqualTo(target);
    }

    @Property
    void theTargetHasASlotForEveryRequestUnlessMaxForbidsAndNoWorkerToSpare(
            @ForAll @IntRange(max = 100_000) int demand,
            @ForAll @IntRange(min = 1, max = 100) int concurrent,
            @ForAll @IntRange(max = 100) int min,
            @ForAll @IntRange(max = 100) int max) {
        Assume.that(min <= max);
        int target = Scaler.target(demand, concurrent, min, max);
        if (target < max) {
            assertThat((long) target * concurrent).as("slots for the demand").isGreaterThanOrEqualTo(demand);
        }
        if (target > min) {
            assertThat((long) (target - 1) * concurrent)
                    .as("one worker fewer would not do")
                    .isLessThan(demand);
        }
    }

    @Property
    void moreDemandNeverWantsFewerWorkers(
            @ForAll @IntRange(max = 10_000) int demand,
            @ForAll @IntRange(max = 10_000) int more,
            @ForAll @IntRange(min = 1, max = 100) int concurrent,
            @ForAll @IntRange(max = 100) int min,
            @ForAll @IntRange(max = 100) int max) {
        Assume.that(min <= max);
        assertThat(Scaler.target(demand + more, concurrent, min, max))
                .isGreaterThanOrEqualTo(Scaler.target(demand, concurrent, min, max));
    }
}
