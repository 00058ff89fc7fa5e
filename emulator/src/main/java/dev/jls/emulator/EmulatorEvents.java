package dev.jls.emulator;

import dev.jls.emulator.internal.core.ClusterEvent;
import dev.jls.emulator.internal.core.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What happened in an emulator, in order: every change of requests, workers, scaling, GPUs and
 * deployments, of every tenant, as {@link EmulatorEvent}s. The emulator keeps the latest 100,000; each
 * call reads what is kept then.
 *
 * <pre>{@code
 * assertThat(emulator.events().requestStates(id)).containsExactly("Queued", "Processing", "Completed");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class EmulatorEvents {

    private final EventLog log;

    EmulatorEvents(EventLog log) {
        this.log = log;
    }

    /** Every event kept, oldest first. */
    public List<EmulatorEvent> all() {
        return convert(log.all(), e -> true);
    }

    /** The events of request {@code requestId}: its states in the order it reached them. */
    public List<EmulatorEvent> forRequest(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        return convert(log.all(), e -> requestId.equals(e.requestId()));
    }

    /** The states request {@code requestId} reached, in order, e.g. {@code [Queued, Processing, Completed]}. */
    public List<String> requestStates(String requestId) {
        return forRequest(requestId).stream().map(EmulatorEvent::state).toList();
    }

    /** Every event of deployment {@code deploymentId}: its requests, workers, scaling, GPUs and status. */
    public List<EmulatorEvent> forDeployment(String deploymentId) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        return convert(log.all(), e -> deploymentId.equals(e.deploymentId()));
    }

    /** The events of worker {@code workerId} (worker ids are unique in an emulator): its life and its GPUs. */
    public List<EmulatorEvent> forWorker(long workerId) {
        return convert(
                log.all(),
                e -> e.workerId() == workerId
                        && (e.kind() == ClusterEvent.Kind.WORKER || e.kind() == ClusterEvent.Kind.GPU));
    }

    static List<EmulatorEvent> convert(List<ClusterEvent> events, Predicate<ClusterEvent> keep) {
        List<EmulatorEvent> out = new ArrayList<>();
        for (ClusterEvent e : events) {
            if (keep.test(e)) {
                out.add(EmulatorEvent.of(e));
            }
        }
        return out;
    }
}
