package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change the core made, as the {@link EventLog} records it.
 *
 * @param id its place in the log: 1, 2, 3, … in the order the changes happened
 * @param time the core's clock when it happened (virtual time, where the emulator has it)
 * @param tenant the tenant of the deployment it concerns
 * @param kind what changed
 * @param deploymentId the deployment
 * @param requestId the request ({@link Kind#REQUEST}), else null
 * @param workerId the worker ({@link Kind#WORKER}, {@link Kind#GPU}, and scale-downs), else 0
 * @param state the state reached: a request state ({@code Completed}), a deployment status
 *     ({@code running}, or {@code deleted}), a worker's step ({@code starting}, {@code ready}, …), a
 *     scaling decision ({@code scale_up}, {@code scale_down}), {@code allocated} or {@code released}
 * @param message a sentence for people: a failure's reason, a scaling decision's reason; may be empty
 * @param details further facts by name (e.g. {@code pid}, {@code port}, {@code gpus}, {@code failure})
 */
public record ClusterEvent(
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

    public enum Kind {
        REQUEST,
        WORKER,
        SCALING,
        GPU,
        DEPLOYMENT
    }

    public ClusterEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        // in the order given: pid before port before gpus, for people reading them
        if (details.size() <= 1) {
            // nothing to order: an immutable map is already what is kept (and copies nothing if it is one)
            details = Map.copyOf(details);
        } else {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }
}
