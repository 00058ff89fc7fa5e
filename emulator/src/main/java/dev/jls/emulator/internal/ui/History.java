package dev.jls.emulator.internal.ui;

import dev.jls.emulator.internal.core.ClusterEvent;
import dev.jls.emulator.internal.core.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pages show of the past, read from the core's {@link EventLog}: requests' state changes,
 * workers' start times, request rates, and the series of the deployment chart.
 */
final class History {

    /** How many of the latest events the live parts look through; older ones are history only. */
    static final int RECENT = 20_000;

    /** The window of the deployment chart. */
    static final Duration CHART_WINDOW = Duration.ofMinutes(10);

    private History() {}

    /** One state a request reached, and when. */
    record Step(String state, Instant at, String message) {}

    /** A request's steps, oldest first. */
    record RequestSteps(String requestId, List<Step> steps) {
        String state() {
            return steps.get(steps.size() - 1).state();
        }

        Instant acceptedAt() {
            return steps.get(0).at();
        }

        boolean ended() {
            String s = state();
            return s.equals("Completed") || s.equals("Failed") || s.equals("Cancelled");
        }
    }

    static List<ClusterEvent> recent(EventLog log) {
        return log.after(Math.max(0, log.lastId() - RECENT));
    }

    /** The steps of request {@code requestId} of the tenant, from every kept event. */
    static List<Step> steps(EventLog log, String tenant, String requestId) {
        List<Step> steps = new ArrayList<>();
        for (ClusterEvent e : log.all()) {
            if (e.kind() == ClusterEvent.Kind.REQUEST && requestId.equals(e.requestId()) && tenant.equals(e.tenant())) {
                steps.add(new Step(e.state(), e.time(), e.message()));
            }
        }
        return steps;
    }

    /** Whether request {@code requestId}'s recorded events are of deployment {@code deploymentId}. */
    static boolean belongsTo(EventLog log, String requestId, String deploymentId) {
        for (ClusterEvent e : log.all()) {
            if (requestId.equals(e.requestId())) {
                return deploymentId.equals(e.deploymentId());
            }
        }
        return false;
    }

    /** The latest {@code count} requests of a deployment, newest first. */
    static List<RequestSteps> latestRequests(List<ClusterEvent> events, String deploymentId, int count) {
        Map<String, List<Step>> byId = new LinkedHashMap<>();
        for (ClusterEvent e : events) {
            if (e.kind() == ClusterEvent.Kind.REQUEST && deploymentId.equals(e.deploymentId())) {
                byId.computeIfAbsent(e.requestId(), k -> new ArrayList<>())
                        .add(new Step(e.state(), e.time(), e.message()));
            }
        }
        List<RequestSteps> all = new ArrayList<>();
        byId.forEach((id, steps) -> all.add(new RequestSteps(id, steps)));
        List<RequestSteps> latest = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && latest.size() < count; i--) {
            latest.add(all.get(i));
        }
        return latest;
    }

    /** Requests accepted per second by each deployment over the last {@code window} before {@code now}. */
    static Map<String, Double> rates(List<ClusterEvent> events, Instant now, Duration window) {
        Instant from = now.minus(window);
        Map<String, Double> rates = new HashMap<>();
        double per = 1.0 / window.toSeconds();
        for (ClusterEvent e : events) {
            if (e.kind() == ClusterEvent.Kind.REQUEST
                    && e.state().equals("Queued")
                    && e.time().isAfter(from)) {
                rates.merge(e.deploymentId(), per, Double::sum);
            }
        }
        return rates;
    }

    /** When each worker of a deployment started, by worker id. */
    static Map<Long, Instant> workerStarts(List<ClusterEvent> events, String deploymentId) {
        Map<Long, Instant> starts = new HashMap<>();
        for (ClusterEvent e : events) {
            if (e.kind() == ClusterEvent.Kind.WORKER && deploymentId.equals(e.deploymentId())) {
                starts.putIfAbsent(e.workerId(), e.time());
            }
        }
        return starts;
    }

    /**
     * The deployment's workers, queued requests and requests in flight after each of its events in the
     * chart's window: columns of seconds since the epoch and the three counts, as uPlot takes them.
     */
    static double[][] chart(List<ClusterEvent> events, String deploymentId, Instant now) {
        Set<Long> workers = new HashSet<>();
        Map<String, String> requests = new HashMap<>();
        Instant from = now.minus(CHART_WINDOW);
        List<double[]> points = new ArrayList<>();
        for (ClusterEvent e : events) {
            if (!deploymentId.equals(e.deploymentId())) {
                continue;
            }
            if (e.kind() == ClusterEvent.Kind.WORKER) {
                switch (e.state()) {
                    case "stopped", "start_failed", "crashed" -> workers.remove(e.workerId());
                    default -> workers.add(e.workerId());
                }
            } else if (e.kind() == ClusterEvent.Kind.REQUEST) {
                switch (e.state()) {
                    case "Completed", "Failed", "Cancelled" -> requests.remove(e.requestId());
                    default -> requests.put(e.requestId(), e.state());
                }
            } else {
                continue;
            }
            if (e.time().isAfter(from)) {
                points.add(point(e.time(), workers.size(), requests));
            }
        }
        double[][] columns = new double[4][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = points.get(i)[c];
            }
        }
        return columns;
    }

    private static double[] point(Instant at, int workers, Map<String, String> requests) {
        int queued = 0;
        int inFlight = 0;
        for (String s : requests.values()) {
            if (s.equals("Queued")) {
                queued++;
            } else if (s.equals("Fetched") || s.equals("Processing")) {
                inFlight++;
            }
        }
        return new double[] {at.toEpochMilli() / 1000.0, workers, queued, inFlight};
    }
}
