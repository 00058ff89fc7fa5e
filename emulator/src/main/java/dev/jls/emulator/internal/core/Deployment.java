package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One deployment and its lines of waiting requests. Owned by the {@link Cluster}: event loop only. */
final class Deployment {

    final String id;
    final String tenant;
    DeploymentSpec spec;
    DeploymentStatus status = DeploymentStatus.STARTING;
    String errorMessage;
    final Instant createdAt;
    Instant updatedAt;
    /** Set once: when its first worker got GPUs, or when it ran without one. */
    Instant startTime;

    Instant endTime;
    final List<Worker> workers = new ArrayList<>();
    /** What its GPUs have cost, but for its running workers' time since their last checkpoint. */
    double keptCost;

    /** Accepted, in line. */
    final ArrayDeque<Request> queued = new ArrayDeque<>();
    /** Taken from the line for a starting worker's slot. */
    final ArrayDeque<Request> fetched = new ArrayDeque<>();
    /** {@code Processing} requests whose worker died before they answered, to be tried again first. */
    final ArrayDeque<Request> retries = new ArrayDeque<>();
    /** Requests on a worker. */
    int dispatched;

    int startFailures;
    Instant nextStartAt;
    Instant deleteDeadline;

    Deployment(String id, String tenant, DeploymentSpec spec, Instant now) {
        this.id = id;
        this.tenant = tenant;
        this.spec = spec;
        this.createdAt = now;
        this.updatedAt = now;
        this.nextStartAt = now;
    }

    /** Requests waiting for a worker. */
    int waiting() {
        return queued.size() + fetched.size() + retries.size();
    }

    /** Requests {@code Queued}, {@code Fetched} or {@code Processing}: what the scaler serves. */
    int demand() {
        return waiting() + dispatched;
    }

    int liveWorkers() {
        int n = 0;
        for (Worker w : workers) {
            if (w.live()) {
                n++;
            }
        }
        return n;
    }

    int healthyWorkers() {
        int n = 0;
        for (Worker w : workers) {
            if (w.phase == Worker.Phase.HEALTHY) {
                n++;
            }
        }
        return n;
    }

    /** The next request to hand to a worker: retries first, then in the order they came. */
    Request nextWaiting() {
        if (!retries.isEmpty()) {
            return retries.peekFirst();
        }
        if (!fetched.isEmpty()) {
            return fetched.peekFirst();
        }
        return queued.peekFirst();
    }

    /** Takes {@code r} out of whichever line it waits in; false when it waits in none. */
    boolean removeWaiting(Request r) {
        return switch (r.state) {
            case QUEUED -> queued.remove(r);
            case FETCHED -> fetched.remove(r);
            case PROCESSING -> r.worker == null && retries.remove(r);
            default -> false;
        };
    }

    /** Requests waiting for a worker: retries first, then in the order they came. */
    List<Request> waitingRequests() {
        List<Request> out = new ArrayList<>(waiting());
        out.addAll(retries);
        out.addAll(fetched);
        out.addAll(queued);
        return out;
    }

    /** Requests waiting for a worker and those on one. */
    List<Request> pendingAndInFlight() {
        List<Request> out = waitingRequests();
        for (Worker w : workers) {
            for (Attempt a : w.attempts) {
                out.add(a.request);
            }
        }
        return out;
    }

    /** The deployment as it stands, {@code cost} being its cost so far. */
    DeploymentView view(double cost) {
        List<WorkerView> shown = new ArrayList<>();
        for (Worker w : workers) {
            if (w.live()) {
                shown.add(w.view());
            }
        }
        return new DeploymentView(
                id,
                spec,
                status,
                Optional.ofNullable(errorMessage),
                createdAt,
                updatedAt,
                Optional.ofNullable(startTime),
                Optional.ofNullable(endTime),
                shown,
                queued.size() + fetched.size(),
                dispatched + retries.size(),
                cost,
                GpuPrices.CURRENCY);
    }
}
