package dev.jls.emulator;

import dev.jls.emulator.internal.core.EventLog;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waits until the emulator's {@link EmulatorEvents events} show something: no polling, no sleeping;
 * each new event is looked at as it is recorded. Waits up to 60 s unless {@link #atMost} says otherwise,
 * in real time (also on virtual time); on timeout it throws an {@link AssertionError} that says what
 * was awaited and shows the events that matter (e.g. the deployment's last 20).
 *
 * <pre>{@code
 * emulator.await().workers(deploymentId, 2);
 * emulator.await().atMost(Duration.ofSeconds(5)).requestState(requestId, "Completed");
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EmulatorAwait {

    /** How long a wait lasts unless {@link #atMost} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final int SHOWN = 20;
    private static final Set<String> WORKER_GONE = Set.of("stopping", "stopped", "crashed", "unresponsive");

    private final EventLog log;
    private final Duration timeout;

    EmulatorAwait(EventLog log, Duration timeout) {
        this.log = log;
        this.timeout = timeout;
    }

    /** The same waits, each for at most {@code timeout}. */
    public EmulatorAwait atMost(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        return new EmulatorAwait(log, timeout);
    }

    /**
     * Waits until deployment {@code deploymentId} has {@code count} ready workers (started and healthy,
     * not stopping): {@code 0} waits for the last to go.
     */
    public void workers(String deploymentId, int count) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        await(
                "deployment " + deploymentId + " to have " + count + " ready worker" + (count == 1 ? "" : "s"),
                events -> readyWorkers(events, deploymentId).size() == count ? Optional.of(true) : Optional.empty(),
                events -> Optional.empty(),
                events -> lastOf(events, "deployment " + deploymentId, e -> deploymentId.equals(e.deploymentId()))
                        + "\nready workers now: " + readyWorkers(events, deploymentId));
    }

    /**
     * Waits until request {@code requestId} reaches {@code state} ({@code Queued}, {@code Fetched},
     * {@code Processing}, {@code Completed}, {@code Failed} or {@code Cancelled}) and returns that
     * event; fails at once if the request ends in another final state.
     */
    public EmulatorEvent requestState(String requestId, String state) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(state, "state");
        return await(
                "request " + requestId + " to reach " + state,
                events -> events.stream()
                        .filter(e ->
                                requestId.equals(e.requestId()) && e.state().equals(state))
                        .findFirst(),
                events -> events.stream()
                        .filter(e -> requestId.equals(e.requestId()) && isFinal(e.state()))
                        .findFirst()
                        .map(e -> "it ended " + e.state() + (e.message().isEmpty() ? "" : " (" + e.message() + ")")),
                events -> {
                    Optional<String> deployment = events.stream()
                            .filter(e -> requestId.equals(e.requestId()))
                            .map(EmulatorEvent::deploymentId)
                            .findFirst();
                    return lastOf(events, "request " + requestId, e -> requestId.equals(e.requestId()))
                            + deployment
                                    .map(d -> "\n" + lastOf(events, "deployment " + d, e -> d.equals(e.deploymentId())))
                                    .orElse("");
                });
    }

    /**
     * Waits until deployment {@code deploymentId} reaches {@code status} ({@code running}, {@code failed},
     * {@code deleted}, …) and returns that event.
     */
    public EmulatorEvent deploymentStatus(String deploymentId, String status) {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(status, "status");
        return await(
                "deployment " + deploymentId + " to be " + status,
                events -> events.stream()
                        .filter(e -> e.kind() == EmulatorEvent.Kind.DEPLOYMENT
                                && deploymentId.equals(e.deploymentId())
                                && e.state().equals(status))
                        .findFirst(),
                events -> Optional.empty(),
                events -> lastOf(events, "deployment " + deploymentId, e -> deploymentId.equals(e.deploymentId())));
    }

    /**
     * Waits until {@code condition} holds for the events kept (oldest first), looked at again after
     * each new one; {@code description} says what is awaited, for the failure message.
     */
    public void until(Predicate<List<EmulatorEvent>> condition, String description) {
        Objects.requireNonNull(condition, "condition");
        await(
                Objects.requireNonNull(description, "description"),
                events -> condition.test(events) ? Optional.of(true) : Optional.empty(),
                events -> Optional.empty(),
                events -> lastOf(events, "the emulator", e -> true));
    }

    /** Waits for the first event that matches {@code match}, and returns it. */
    public EmulatorEvent event(Predicate<EmulatorEvent> match, String description) {
        Objects.requireNonNull(match, "match");
        return await(
                Objects.requireNonNull(description, "description"),
                events -> events.stream().filter(match).findFirst(),
                events -> Optional.empty(),
                events -> lastOf(events, "the emulator", e -> true));
    }

    private <T> T await(
            String what,
            Function<List<EmulatorEvent>, Optional<T>> reached,
            Function<List<EmulatorEvent>, Optional<String>> never,
            Function<List<EmulatorEvent>, String> report) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (; ; ) {
            long seen = log.lastId();
            List<EmulatorEvent> events = EmulatorEvents.convert(log.all(), e -> true);
            Optional<T> got = reached.apply(events);
            if (got.isPresent()) {
                return got.get();
            }
            Optional<String> why = never.apply(events);
            if (why.isPresent()) {
                throw new AssertionError("awaited " + what + ", but " + why.get() + "\n" + report.apply(events));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "timed out after " + seconds(timeout) + " awaiting " + what + "\n" + report.apply(events));
            }
            try {
                log.awaitAfter(seen, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while awaiting " + what, e);
            }
        }
    }

    private static Set<Long> readyWorkers(List<EmulatorEvent> events, String deploymentId) {
        Set<Long> ready = new HashSet<>();
        for (EmulatorEvent e : events) {
            if (e.kind() != EmulatorEvent.Kind.WORKER || !deploymentId.equals(e.deploymentId())) {
                continue;
            }
            if (e.state().equals("ready")) {
                ready.add(e.workerId());
            } else if (WORKER_GONE.contains(e.state())) {
                ready.remove(e.workerId());
            }
        }
        return ready;
    }

    private static boolean isFinal(String requestState) {
        return requestState.equals("Completed") || requestState.equals("Failed") || requestState.equals("Cancelled");
    }

    private static String lastOf(List<EmulatorEvent> events, String whose, Predicate<EmulatorEvent> keep) {
        List<EmulatorEvent> matching = events.stream().filter(keep).toList();
        StringBuilder sb = new StringBuilder();
        if (matching.isEmpty()) {
            return sb.append("no events of ").append(whose).append(" were seen").toString();
        }
        int from = Math.max(0, matching.size() - SHOWN);
        sb.append(from == 0 ? "events of " : "last " + SHOWN + " of " + matching.size() + " events of ")
                .append(whose)
                .append(':');
        for (EmulatorEvent e : matching.subList(from, matching.size())) {
            sb.append("\n  ").append(e);
        }
        return sb.toString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
