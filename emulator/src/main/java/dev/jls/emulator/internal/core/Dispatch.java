package dev.jls.emulator.internal.core;

import java.util.List;

/**
 * Which worker a waiting request goes to: a healthy one with a free slot, and between several the one
 * with the fewest requests in flight (the first of those, so that the choice is stable). Pure, so that
 * its rule can be checked alone.
 */
final class Dispatch {

    /** What dispatch needs to know of a worker. */
    interface Slots {
        /** Healthy, with fewer requests in flight than its deployment's {@code concurrent_requests}. */
        boolean acceptsRequest();

        int inFlight();
    }

    private Dispatch() {}

    /** The worker to take the next request, or null when none has a free slot. */
    static <W extends Slots> W pick(List<W> workers) {
        W best = null;
        for (W w : workers) {
            if (w.acceptsRequest() && (best == null || w.inFlight() < best.inFlight())) {
                best = w;
            }
        }
        return best;
    }
}
