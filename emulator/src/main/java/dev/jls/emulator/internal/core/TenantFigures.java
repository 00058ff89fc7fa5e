package dev.jls.emulator.internal.core;

import java.util.EnumMap;
import java.util.Map;

/** One tenant's request counters and latencies, for its metrics. Owned by the event loop. */
final class TenantFigures {

    private final Map<RequestState, Long> reached = new EnumMap<>(RequestState.class);
    final LatencyHistogram requestDuration = new LatencyHistogram();
    final LatencyHistogram queueWait = new LatencyHistogram();

    TenantFigures() {
        for (RequestState s : RequestState.values()) {
            reached.put(s, 0L);
        }
    }

    void reached(RequestState state) {
        reached.merge(state, 1L, Long::sum);
    }

    /** How many requests reached each state, every state present. */
    Map<RequestState, Long> reachedCopy() {
        return new EnumMap<>(reached);
    }
}
