package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The emulator's core: the commands that change deployments and requests, and the passing of time.
 *
 * <p>Every method runs on the {@link EventLoop} (the thread-safe entry is {@link ControlPlane}), so the
 * rules read as plain sequential code; everything slow or blocking (starting and stopping processes,
 * talking to engines) happens elsewhere and comes back as a task on the loop. Each change is told to
 * the {@link ClusterListener}s in order.
 *
 * <p>The rules live in small collaborators that share one {@link ClusterState}: the {@link Reconciler}
 * brings each touched deployment to where its rules say (with the {@link Scaler} and {@link Dispatch}),
 * the {@link WorkerSupervisor} runs workers' lives, {@link Exchanges} the tries of requests on
 * engines, {@link RequestEnds} how requests end, {@link Retention} and {@link Idempotency} what is
 * remembered of them. This class orchestrates: after each command, the touched deployments are
 * reconciled.
 */
public final class Cluster {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ClusterState state;
    private final Retention retention;
    private final Idempotency idempotency = new Idempotency();
    private final RequestEnds ends;
    private final WorkerSupervisor workers;
    private final Exchanges exchanges;
    private final Reconciler reconciler;
    private final Restarts restarts;
    private final GpuBilling billing;

    /** A cluster over {@code state}: its ports, settings and clock, and nothing in it yet. */
    Cluster(ClusterState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.retention = new Retention(state.settings.resultRetention());
        this.ends = new RequestEnds(state, retention);
        // the collaborators settle after what comes back to the loop; the reconciler is made last
        Runnable settle = this::settle;
        this.billing = new GpuBilling(state);
        this.workers = new WorkerSupervisor(state, ends, billing, settle);
        this.exchanges = new Exchanges(state, ends, workers, settle);
        this.reconciler = new Reconciler(state, ends, workers, exchanges);
        this.restarts = new Restarts(state, retention, idempotency, ends, billing);
    }

    /** Reconciles what the turn touched, then hands what it changed to the store. */
    private void settle() {
        reconciler.settle();
        state.journal.flush(state.nextWorkerId);
    }

    public void addListener(ClusterListener listener) {
        state.listeners.add(listener);
    }

    /** The log every change is recorded in. */
    public EventLog events() {
        return state.events;
    }

    /**
     * How long to wait, after an engine connection broke, for the worker's exit to be seen before
     * deciding whether the worker crashed.
     */
    void upstreamFailureSettle(Duration d) {
        exchanges.upstreamFailureSettle(d);
    }

    // ---------------------------------------------------------------- deployments

    public DeploymentView create(String tenant, DeploymentSpec spec) {
        requireOpen();
        List<FieldError> errors = new ArrayList<>(spec.validate(state.settings.frameworks()));
        if (errors.isEmpty()) {
            GpuCapacity.error(spec, state.gpus.snapshot()).ifPresent(errors::add);
        }
        if (!errors.isEmpty()) {
            throw CoreException.invalid(errors);
        }
        Instant now = state.clock.instant();
        String id;
        do {
            id = Ids.deployment();
        } while (state.deployments.containsKey(id));
        Deployment d = new Deployment(id, tenant, spec, now);
        state.deployments.put(id, d);
        state.published.put(id, new ClusterState.PublishedSpec(tenant, spec));
        state.emitDeployment(d);
        state.touch(d);
        settle();
        return view(d);
    }

    /** The spec of a tenant's deployment; safe to call from any thread. */
    public Optional<DeploymentSpec> publishedSpec(String tenant, String id) {
        ClusterState.PublishedSpec p = state.published.get(id);
        return p != null && p.tenant().equals(tenant) ? Optional.of(p.spec()) : Optional.empty();
    }

    /** The tenant of a deployment, read like {@link #publishedSpec}; empty when there is no such one. */
    public Optional<String> publishedTenant(String id) {
        ClusterState.PublishedSpec p = state.published.get(id);
        return p == null ? Optional.empty() : Optional.of(p.tenant());
    }

    public List<DeploymentView> list(String tenant) {
        List<DeploymentView> out = new ArrayList<>();
        for (Deployment d : state.deployments.values()) {
            if (d.tenant.equals(tenant)) {
                out.add(view(d));
            }
        }
        return out;
    }

    public DeploymentView get(String tenant, String id) {
        return view(deployment(tenant, id));
    }

    public DeploymentView update(String tenant, String id, DeploymentUpdate update) {
        Deployment d = deployment(tenant, id);
        List<FieldError> errors = update.validate();
        if (!errors.isEmpty()) {
            throw CoreException.invalid(errors);
        }
        if (d.status != DeploymentStatus.RUNNING) {
            throw CoreException.conflict(
                    "deployment " + id + " is " + d.status.wire() + "; it can be changed only while running");
        }
        DeploymentSpec changed = d.spec.with(update);
        if (changed.minWorkers() > changed.maxWorkers()) {
            String field = update.minWorkers().isPresent() ? "min_workers" : "max_workers";
            throw CoreException.invalid(List.of(new FieldError(
                    field,
                    "min_workers (" + changed.minWorkers() + ") must not be greater than max_workers ("
                            + changed.maxWorkers() + ")")));
        }
        d.spec = changed;
        state.published.put(d.id, new ClusterState.PublishedSpec(d.tenant, d.spec));
        d.updatedAt = state.clock.instant();
        state.journal.deployment(d);
        state.touch(d);
        settle();
        return view(d);
    }

    /** Starts deleting: the deployment drains for the delete grace, then is gone. */
    public DeploymentView delete(String tenant, String id) {
        Deployment d = deployment(tenant, id);
        if (d.status != DeploymentStatus.DELETING) {
            d.status = DeploymentStatus.DELETING;
            d.updatedAt = state.clock.instant();
            d.deleteDeadline = d.updatedAt.plus(state.settings.deleteGrace());
            state.emitDeployment(d);
            state.touch(d);
        }
        DeploymentView view = view(d);
        settle();
        return view;
    }

    /**
     * The deployment's status and the processes of its running workers, or of one of them: what its log
     * stream starts from.
     */
    public LogSources logSources(String tenant, String id, OptionalLong workerId) {
        Deployment d = deployment(tenant, id);
        List<WorkerHandle> out = new ArrayList<>();
        for (Worker w : d.workers) {
            if (w.handle != null && w.live() && (workerId.isEmpty() || workerId.getAsLong() == w.id)) {
                out.add(w.handle);
            }
        }
        return new LogSources(d.status, out);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Accepts a request whose answer is kept for fetches ({@code POST /deployment/{id}/v1/…}).
     * Returns its id; with an idempotency key that was seen before, the id of that request, or, when
     * the body differs from that request's, a {@link CoreException.Kind#KEY_REUSED} refusal.
     */
    public String submit(
            String tenant, String deploymentId, EngineRoute route, byte[] body, Optional<String> idempotencyKey) {
        Deployment d = deployment(tenant, deploymentId);
        String key = idempotencyKey
                .map(k -> Idempotency.scoped(tenant, deploymentId, k))
                .orElse(null);
        if (key != null) {
            Optional<String> known = idempotency.requestOf(key).filter(state.requests::containsKey);
            if (known.isPresent()) {
                if (!idempotency.sameBody(key, body)) {
                    throw CoreException.keyReused("Idempotency-Key '" + idempotencyKey.get() + "' was already used"
                            + " for request " + known.get() + " with a different body; use a new key for a new"
                            + " request");
                }
                return known.get();
            }
        }
        Request r = accept(d, route, body, null, false, key);
        if (key != null) {
            idempotency.remember(key, r.id, body);
        }
        settle();
        return r.id;
    }

    /**
     * Accepts a request whose answer goes to {@code sink} as it comes (the OpenAI-compatible routes).
     * Returns its id, for {@link #abandon}.
     */
    public String submitLive(
            String tenant, String deploymentId, EngineRoute route, byte[] body, boolean stream, ResponseSink sink) {
        Deployment d = deployment(tenant, deploymentId);
        Request r = accept(d, route, body, Objects.requireNonNull(sink, "sink"), stream, null);
        settle();
        return r.id;
    }

    private Request accept(
            Deployment d, EngineRoute route, byte[] body, ResponseSink sink, boolean stream, String idempotencyKey) {
        requireOpen();
        if (d.status == DeploymentStatus.FAILED) {
            throw CoreException.unavailable("deployment " + d.id + " failed: " + d.errorMessage);
        }
        if (d.status == DeploymentStatus.DELETING) {
            throw CoreException.unavailable("deployment " + d.id + " is being deleted");
        }
        if (d.waiting() >= state.settings.queueLimit()) {
            throw CoreException.queueFull(
                    "the queue of deployment " + d.id + " is full (" + state.settings.queueLimit()
                            + " requests waiting); try again later",
                    RETRY_AFTER);
        }
        String id;
        do {
            id = Ids.request();
        } while (state.requests.containsKey(id) || retention.tombstone(id).isPresent());
        Request r = new Request(id, d.tenant, d.id, route, body, state.clock.instant(), sink, stream, idempotencyKey);
        state.requests.put(id, r);
        ends.accepted(r);
        d.queued.addLast(r);
        state.figures(r.tenant).reached(RequestState.QUEUED);
        state.emitRequest(r);
        state.touch(d);
        return r;
    }

    public RequestView fetch(String tenant, String deploymentId, String requestId) {
        return request(tenant, deploymentId, requestId).view();
    }

    /** Completes with the request's view once it is final (at once when it already is). */
    public CompletableFuture<RequestView> whenFinal(String tenant, String deploymentId, String requestId) {
        Request r = request(tenant, deploymentId, requestId);
        CompletableFuture<RequestView> f = new CompletableFuture<>();
        if (r.state.isFinal()) {
            f.complete(r.view());
        } else {
            r.addWaiter(f);
        }
        return f;
    }

    /** Cancels a request that has not ended; a cancelled one stays cancelled. */
    public RequestView cancel(String tenant, String deploymentId, String requestId) {
        Request r = request(tenant, deploymentId, requestId);
        if (r.state == RequestState.COMPLETED || r.state == RequestState.FAILED) {
            throw CoreException.conflict("request " + requestId + " already ended " + r.state.wire());
        }
        if (!r.state.isFinal()) {
            ends.finish(r, RequestState.CANCELLED, null, null);
            settle();
        }
        return r.view();
    }

    /** The client of a live request went away: the request is cancelled and its slot freed. */
    public void abandon(String requestId) {
        Request r = state.requests.get(requestId);
        if (r != null && r.live() && !r.state.isFinal()) {
            ends.finish(r, RequestState.CANCELLED, null, null);
            settle();
        }
    }

    /**
     * Starts again from no request, keeping deployments and workers as they are: every request that
     * has not ended fails with {@link FailureType#EMULATOR_RESET} (a live one's client gets the error,
     * those waiting for its end are told), then every request, answer, tombstone and idempotency key is
     * forgotten, and the tenants' request counters and latencies count again from zero. The recorded
     * events stay. Returns how many requests it ended.
     */
    public int reset() {
        RequestFailure failure = RequestFailure.of(
                FailureType.EMULATOR_RESET, "the emulator was reset (between tests) before the request ended");
        int ended = 0;
        for (Deployment d : List.copyOf(state.deployments.values())) {
            for (Request r : d.pendingAndInFlight()) {
                if (!r.state.isFinal()) {
                    ends.finish(r, RequestState.FAILED, null, failure);
                    ended++;
                }
            }
        }
        // what no deployment holds any more (there should be none) ends too: every request reaches an end
        for (Request r : List.copyOf(state.requests.values())) {
            if (!r.state.isFinal()) {
                ends.finish(r, RequestState.FAILED, null, failure);
                ended++;
            }
        }
        retention.forgetAll(
                r -> {
                    state.journal.expired(r);
                    state.journal.tombstoneForgotten(r.id);
                },
                state.journal::tombstoneForgotten);
        state.requests.clear();
        idempotency.clear();
        ends.forgetEnded();
        state.forgetFigures();
        state.touchAll();
        settle();
        return ended;
    }

    // ---------------------------------------------------------------- time

    /**
     * Applies every rule that depends on time: wait limits, request timeouts, hung workers, idle
     * workers, retention, delete grace, checkpoints of GPU cost.
     */
    public void tick() {
        Instant now = state.clock.instant();
        for (Deployment d : List.copyOf(state.deployments.values())) {
            ends.expireWaits(d, now);
            workers.watchWorkers(d);
            billing.checkpoint(d, now);
            state.touch(d);
        }
        ends.timeOutRequests(now);
        retention.expireDue(
                now,
                r -> {
                    state.requests.remove(r.id);
                    if (r.idempotencyKey != null) {
                        idempotency.forget(r.idempotencyKey, r.id);
                    }
                    state.journal.expired(r);
                },
                state.journal::tombstoneForgotten);
        settle();
    }

    // ---------------------------------------------------------------- metrics and shutdown

    /**
     * The figures of {@code tenant}: its requests, latencies and deployments; and the GPU pool, which
     * all tenants share.
     */
    public ClusterMetrics metrics(String tenant) {
        List<ClusterMetrics.DeploymentGauges> gauges = new ArrayList<>();
        for (Deployment d : state.deployments.values()) {
            if (!d.tenant.equals(tenant)) {
                continue;
            }
            int healthy = d.healthyWorkers();
            gauges.add(new ClusterMetrics.DeploymentGauges(
                    d.id,
                    d.status,
                    d.queued.size(),
                    d.fetched.size(),
                    d.dispatched + d.retries.size(),
                    healthy,
                    d.liveWorkers() - healthy));
        }
        TenantFigures f = state.figuresOrEmpty(tenant);
        return new ClusterMetrics(
                f.reachedCopy(), gauges, f.requestDuration.copy(), f.queueWait.copy(), state.gpus.snapshot());
    }

    /**
     * Stops taking new requests and lets go of the workers, whose processes it returns for the caller
     * to stop; see {@link Restarts#shutdown()} for what happens to unfinished requests.
     */
    public List<WorkerHandle> shutdown() {
        return restarts.shutdown();
    }

    /**
     * Brings back what the store kept, before anything else happens; see {@link Restarts#restore}.
     *
     * @throws IllegalStateException when the cluster already holds something
     */
    public Restored restore(StoredCluster stored) {
        Restored restored = restarts.restore(stored);
        settle();
        return restored;
    }

    // ---------------------------------------------------------------- lookups

    private DeploymentView view(Deployment d) {
        return d.view(billing.cost(d, state.clock.instant()));
    }

    private Deployment deployment(String tenant, String id) {
        Deployment d = state.deployments.get(id);
        if (d == null || !d.tenant.equals(tenant)) {
            throw CoreException.notFound("deployment " + id + " not found");
        }
        return d;
    }

    private Request request(String tenant, String deploymentId, String requestId) {
        Request r = state.requests.get(requestId);
        if (r != null && r.tenant.equals(tenant) && r.deploymentId.equals(deploymentId) && !r.live()) {
            if (r.expiresAt != null && !r.expiresAt.isAfter(state.clock.instant())) {
                throw expired(r.id, r.expiresAt);
            }
            return r;
        }
        Optional<Retention.Tombstone> t = retention.tombstone(requestId);
        if (t.isPresent()
                && t.get().tenant().equals(tenant)
                && t.get().deploymentId().equals(deploymentId)) {
            throw expired(requestId, t.get().expiredAt());
        }
        throw CoreException.notFound("request " + requestId + " not found in deployment " + deploymentId);
    }

    private static CoreException expired(String id, Instant at) {
        return CoreException.expired("result of request " + id + " expired at " + at, at);
    }

    private void requireOpen() {
        if (state.shutDown) {
            throw CoreException.unavailable("the emulator is shutting down");
        }
    }

    Collection<Deployment> deployments() {
        return state.deployments.values();
    }
}
