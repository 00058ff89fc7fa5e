package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The scaler's rule alone: within bounds, enough slots, no more workers than needed. */
class ScalerProperties {

    /** A demand and a deployment's bounds, with {@code min <= max}. */
    record Shape(int demand, int concurrent, int min, int max) {}

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers().between(1, 100),
                        Arbitraries.integers().between(0, 100),
                        Arbitraries.integers().between(0, 100))
                .as((demand, concurrent, a, b) -> new Shape(demand, concurrent, Math.min(a, b), Math.max(a, b)));
    }

    @Property
    void theTargetStaysWithinMinAndMax(@ForAll("shapes") Shape shape) {
        int target = Scaler.target(shape.demand(), shape.concurrent(), shape.min(), shape.max());
        assertThat(target).isBetween(shape.min(), shape.max());
        assertThat(Scaler.floor(target, shape.min()))
                .isBetween(shape.min(), shape.max())
                .isGreaterThanOrEqualTo(target);
    }

    @Property
    void theTargetHasASlotForEveryRequestUnlessMaxForbidsAndNoWorkerToSpare(@ForAll("shapes") Shape shape) {
        int target = Scaler.target(shape.demand(), shape.concurrent(), shape.min(), shape.max());
        if (target < shape.max()) {
            assertThat((long) target * shape.concurrent())
                    .as("slots for the demand")
                    .isGreaterThanOrEqualTo(shape.demand());
        }
        if (target > shape.min()) {
            assertThat((long) (target - 1) * shape.concurrent())
                    .as("one worker fewer would not do")
                    .isLessThan(shape.demand());
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
