package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Dispatch's rule alone, over random arrivals and completions on workers of random health. */
class DispatchProperties {

    /** A worker as dispatch sees it. */
    static final class Slot implements Dispatch.Slots {
        final boolean healthy;
        final int capacity;
        int inFlight;

        Slot(boolean healthy, int capacity) {
            this.healthy = healthy;
            this.capacity = capacity;
        }

        @Override
        public boolean acceptsRequest() {
            return healthy && inFlight < capacity;
        }

        @Override
        public int inFlight() {
            return inFlight;
        }
    }

    @Property
    void noWorkerEverHoldsMoreThanItsSlotsAndTheLeastBusyIsPicked(
            @ForAll @Size(min = 1, max = 6) List<Boolean> health,
            @ForAll @IntRange(min = 1, max = 8) int concurrent,
            @ForAll @Size(max = 200) List<@IntRange(min = -1, max = 5) Integer> events) {
        List<Slot> workers = new ArrayList<>();
        for (boolean healthy : health) {
            workers.add(new Slot(healthy, concurrent));
        }
        for (int e : events) {
            if (e < 0) {
                Slot picked = Dispatch.pick(workers);
                if (picked == null) {
                    assertThat(workers).noneMatch(Slot::acceptsRequest);
                    continue;
                }
                assertThat(picked.acceptsRequest()).isTrue();
                for (Slot w : workers) {
                    if (w.acceptsRequest()) {
                        assertThat(picked.inFlight()).isLessThanOrEqualTo(w.inFlight());
                    }
                }
                picked.inFlight++;
            } else {
                Slot done = workers.get(e % workers.size());
                if (done.inFlight > 0) {
                    done.inFlight--;
                }
            }
            for (Slot w : workers) {
                assertThat(w.inFlight).isBetween(0, concurrent);
                if (!w.healthy) {
                    assertThat(w.inFlight).isZero();
                }
            }
        }
    }
}
