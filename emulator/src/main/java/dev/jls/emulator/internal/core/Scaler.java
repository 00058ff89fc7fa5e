package dev.jls.emulator.internal.core;

/**
 * How many workers a deployment wants: enough slots for its demand (requests {@code Queued},
 * {@code Fetched} or {@code Processing}), never fewer than {@code min_workers}, never more than
 * {@code max_workers}. Pure, so that its rule can be checked alone.
 */
final class Scaler {

    private Scaler() {}

    /**
     * {@code ceil(demand / concurrent)}, kept within {@code [min, max]}.
     *
     * @param demand requests waiting or running
     * @param concurrent requests one worker runs at once, at least 1
     */
    static int target(int demand, int concurrent, int min, int max) {
        int wanted = (demand + concurrent - 1) / concurrent;
        return Math.max(min, Math.min(max, wanted));
    }

    /** The fewest workers scaling down may leave: the minimum, or the target when that is more. */
    static int floor(int target, int min) {
        return Math.max(min, target);
    }
}
