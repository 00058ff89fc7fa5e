package dev.jls.emulator;

import dev.jls.emulator.internal.core.ClusterEvent;
import java.time.Instant;
import java.util.Map;

/**
 * One change in the emulator, as it happened: a request's new state, a step in a worker's life, a
 * decision of the scaler, GPUs given or taken back, a deployment's new status.
 *
 * @param id its place among the emulator's events: 1, 2, 3, … in the order the changes happened (the
 *     {@code id:} of the events stream, for {@code Last-Event-ID})
 * @param time the emulator's clock when it happened: virtual time where the emulator runs on it
 * @param tenant the tenant (API key) whose deployment it concerns, as {@code tenant-} and a digest of
 *     the key, never the key itself
 * @param kind what changed
 * @param deploymentId the deployment it concerns
 * @param requestId the request, for {@link Kind#REQUEST}; else null
 * @param workerId the worker, for {@link Kind#WORKER}, {@link Kind#GPU} and a scale-down; else 0
 * @param state what was reached:
 *     <ul>
 *       <li>{@link Kind#REQUEST}: the request state, {@code Queued}, {@code Fetched}, {@code Processing},
 *           {@code Completed}, {@code Failed} or {@code Cancelled};
 *       <li>{@link Kind#WORKER}: {@code provisioning} (waiting for GPUs), {@code starting} (has its GPUs),
 *           {@code launched} (its process runs: {@code pid}, {@code port}), {@code ready},
 *           {@code stopping}, {@code stopped} (its process is gone), {@code crashed},
 *           {@code unresponsive} or {@code start_failed};
 *       <li>{@link Kind#SCALING}: {@code scale_up} or {@code scale_down}, the reason in {@link #message};
 *       <li>{@link Kind#GPU}: {@code allocated} or {@code released}, the indexes in {@code gpus};
 *       <li>{@link Kind#DEPLOYMENT}: the status ({@code starting}, …, {@code running}, {@code failed},
 *           {@code deleting}), and {@code deleted} once it is gone.
 *     </ul>
 * @param message a sentence for people, e.g. a failure's or a scaling decision's reason; may be empty
 * @param details further facts by name: {@code pid}, {@code port}, {@code gpus} (comma-separated
 *     indexes), {@code worker} (of a request {@code Processing}), {@code failure} (the failure's type,
 *     e.g. {@code queue_timeout}), {@code code} (an engine's status)
 */
public record EmulatorEvent(
        long id,
        Instant time,
        String tenant,
        Kind kind,
        String deploymentId,
        String requestId,
        long workerId,
        String state,
        String message,
        Map<String, String> details) {

    /** What an event is about. */
    public enum Kind {
        REQUEST,
        WORKER,
        SCALING,
        GPU,
        DEPLOYMENT
    }

    static EmulatorEvent of(ClusterEvent e) {
        return new EmulatorEvent(
                e.id(),
                e.time(),
                e.tenant(),
                Kind.valueOf(e.kind().name()),
                e.deploymentId(),
                e.requestId(),
                e.workerId(),
                e.state(),
                e.message(),
                e.details());
    }

    /** One line for people: {@code #12 2026-…Z dep-… worker 3 ready {pid=…, port=…}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder()
                .append('#')
                .append(id)
                .append(' ')
                .append(time)
                .append(' ')
                .append(deploymentId)
                .append(' ');
        switch (kind) {
            case REQUEST -> sb.append("request ").append(requestId).append(' ');
            case WORKER -> sb.append("worker ").append(workerId).append(' ');
            case GPU -> sb.append("gpus of worker ").append(workerId).append(' ');
            default -> {}
        }
        sb.append(state);
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
        if (!details.isEmpty()) {
            sb.append(' ').append(details);
        }
        return sb.toString();
    }
}
