package dev.jls.emulator.internal.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The emulator's state and every rule that changes it: deployments and their lifecycle, the request
 * lines and states, the scaler, dispatch, GPU allocation, failures, retention.
 *
 * <p>This is the one place where state changes. Every method runs on the {@link EventLoop} (the
 * thread-safe entry is {@link ControlPlane}), so the rules read as plain sequential code; everything
 * slow or blocking (starting and stopping processes, talking to engines) happens elsewhere and comes
 * back as a task on the loop. Each change is told to the {@link ClusterListener}s in order.
 *
 * <p>After each command the deployments it touched are reconciled: waiting requests go to free slots,
 * the scaler starts or stops workers, GPUs are handed to workers that wait for them, and the
 * deployment's status follows its workers.
 */
public final class Cluster {

  private static final Logger LOG = Logger.getLogger(Cluster.class.getName());
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final CoreSettings settings;
  private final WorkerLauncher launcher;
  private final GpuAllocator gpus;
  private final EngineClient engines;
  private final Clock clock;
  private final EventLoop loop;
  private final Executor blocking;
  private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, Deployment> deployments = new LinkedHashMap<>();
  /**
   * Each deployment's tenant and spec, readable from any thread: a read model the loop keeps up to
   * date, so that routes which only need the spec do not wait for the loop.
   */
  private final Map<String, PublishedSpec> published = new ConcurrentHashMap<>();
  private final Map<String, Request> requests = new HashMap<>();
  /**
   * Requests in the order they were accepted, which is the order their request timeouts fall due;
   * ended ones leave it when they reach its head.
   */
  private final ArrayDeque<Request> byAcceptance = new ArrayDeque<>();
  private final Map<String, String> idempotency = new HashMap<>();
  /** Finished stored requests in the order they finished, which is the order they expire in. */
  private final ArrayDeque<Request> retained = new ArrayDeque<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();
  private final ArrayDeque<Tombstone> tombstoneOrder = new ArrayDeque<>();
  private final Set<Deployment> dirty = new LinkedHashSet<>();
  /** Each tenant's counters and latencies: a tenant's metrics show only its own. */
  private final Map<String, TenantFigures> figures = new HashMap<>();
  private long nextWorkerId = 1;
  private boolean shutDown;
  private Duration upstreamFailureSettle = Duration.ofMillis(500);

  /** A deployment's owner and spec, as published for readers off the loop. */
  record PublishedSpec(String tenant, DeploymentSpec spec) {}

  /** Where an expired request's id still answers 410 for another retention period. */
  private record Tombstone(String id, String tenant, String deploymentId, Instant expiredAt) {}

  /**
   * @param blocking runs process starts and stops, which block
   */
  public Cluster(CoreSettings settings, WorkerLauncher launcher, GpuAllocator gpus,
      EngineClient engines, Clock clock, EventLoop loop, Executor blocking) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.gpus = Objects.requireNonNull(gpus, "gpus");
    this.engines = Objects.requireNonNull(engines, "engines");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.blocking = Objects.requireNonNull(blocking, "blocking");
  }

  public void addListener(ClusterListener listener) {
    listeners.add(listener);
  }

  EventLoop loop() {
    return loop;
  }

  CoreSettings settings() {
    return settings;
  }

  /**
   * How long to wait, after an engine connection broke, for the worker's exit to be seen before
   * deciding whether the worker crashed.
   */
  void upstreamFailureSettle(Duration d) {
    this.upstreamFailureSettle = d;
  }

  // ---------------------------------------------------------------- deployments

  public DeploymentView create(String tenant, DeploymentSpec spec) {
    requireOpen();
    List<FieldError> errors = new ArrayList<>(spec.validate(settings.frameworks()));
    if (errors.isEmpty()) {
      gpuCapacityError(spec).ifPresent(errors::add);
    }
    if (!errors.isEmpty()) {
      throw CoreException.invalid(errors);
    }
    Instant now = clock.instant();
    String id;
    do {
      id = Ids.deployment();
    } while (deployments.containsKey(id));
    Deployment d = new Deployment(id, tenant, spec, now);
    deployments.put(id, d);
    published.put(id, new PublishedSpec(tenant, spec));
    emitDeployment(d);
    touch(d);
    settle();
    return d.view();
  }

  /** The spec of a tenant's deployment; safe to call from any thread. */
  public Optional<DeploymentSpec> publishedSpec(String tenant, String id) {
    PublishedSpec p = published.get(id);
    return p != null && p.tenant().equals(tenant) ? Optional.of(p.spec()) : Optional.empty();
  }

  public List<DeploymentView> list(String tenant) {
    List<DeploymentView> out = new ArrayList<>();
    for (Deployment d : deployments.values()) {
      if (d.tenant.equals(tenant)) {
        out.add(d.view());
      }
    }
    return out;
  }

  public DeploymentView get(String tenant, String id) {
    return deployment(tenant, id).view();
  }

  public DeploymentView update(String tenant, String id, DeploymentUpdate update) {
    Deployment d = deployment(tenant, id);
    List<FieldError> errors = update.validate();
    if (!errors.isEmpty()) {
      throw CoreException.invalid(errors);
    }
    if (d.status != DeploymentStatus.RUNNING) {
      throw CoreException.conflict("deployment " + id + " is " + d.status.wire()
          + "; it can be changed only while running");
    }
    d.spec = d.spec.with(update);
    published.put(d.id, new PublishedSpec(d.tenant, d.spec));
    d.updatedAt = clock.instant();
    touch(d);
    settle();
    return d.view();
  }

  /** Starts deleting: the deployment drains for the delete grace, then is gone. */
  public DeploymentView delete(String tenant, String id) {
    Deployment d = deployment(tenant, id);
    if (d.status != DeploymentStatus.DELETING) {
      d.status = DeploymentStatus.DELETING;
      d.updatedAt = clock.instant();
      d.deleteDeadline = d.updatedAt.plus(settings.deleteGrace());
      emitDeployment(d);
      touch(d);
    }
    DeploymentView view = d.view();
    settle();
    return view;
  }

  /** The processes of a deployment's running workers, or of one of them, for its logs. */
  public List<WorkerHandle> workerHandles(String tenant, String id, OptionalLong workerId) {
    Deployment d = deployment(tenant, id);
    List<WorkerHandle> out = new ArrayList<>();
    for (Worker w : d.workers) {
      if (w.handle != null && w.live() && (workerId.isEmpty() || workerId.getAsLong() == w.id)) {
        out.add(w.handle);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- requests

  /**
   * Accepts a request whose answer is kept for fetches ({@code POST /deployment/{id}/v1/…}).
   * Returns its id; with an idempotency key that was seen before, the id of that request.
   */
  public String submit(String tenant, String deploymentId, EngineRoute route, byte[] body,
      Optional<String> idempotencyKey) {
    Deployment d = deployment(tenant, deploymentId);
    String key = idempotencyKey.map(k -> tenant + '\u0000' + deploymentId + '\u0000' + k).orElse(null);
    if (key != null) {
      String known = idempotency.get(key);
      if (known != null && requests.containsKey(known)) {
        return known;
      }
    }
    Request r = accept(d, route, body, null, false, key);
    if (key != null) {
      idempotency.put(key, r.id);
    }
    settle();
    return r.id;
  }

  /**
   * Accepts a request whose answer goes to {@code sink} as it comes (the OpenAI-compatible routes).
   * Returns its id, for {@link #abandon}.
   */
  public String submitLive(String tenant, String deploymentId, EngineRoute route, byte[] body,
      boolean stream, ResponseSink sink) {
    Deployment d = deployment(tenant, deploymentId);
    Request r = accept(d, route, body, Objects.requireNonNull(sink, "sink"), stream, null);
    settle();
    return r.id;
  }

  private Request accept(Deployment d, EngineRoute route, byte[] body, ResponseSink sink,
      boolean stream, String idempotencyKey) {
    requireOpen();
    if (d.status == DeploymentStatus.FAILED) {
      throw CoreException.unavailable("deployment " + d.id + " failed: " + d.errorMessage);
    }
    if (d.status == DeploymentStatus.DELETING) {
      throw CoreException.unavailable("deployment " + d.id + " is being deleted");
    }
    if (d.waiting() >= settings.queueLimit()) {
      throw CoreException.queueFull("the queue of deployment " + d.id + " is full ("
          + settings.queueLimit() + " requests waiting); try again later", RETRY_AFTER);
    }
    String id;
    do {
      id = Ids.request();
    } while (requests.containsKey(id) || tombstones.containsKey(id));
    Request r = new Request(id, d.tenant, d.id, route, body, clock.instant(), sink, stream,
        idempotencyKey);
    requests.put(id, r);
    byAcceptance.addLast(r);
    d.queued.addLast(r);
    figures(r.tenant).reached(RequestState.QUEUED);
    emitRequest(r);
    touch(d);
    return r;
  }

  public RequestView fetch(String tenant, String deploymentId, String requestId) {
    return request(tenant, deploymentId, requestId).view();
  }

  /** Completes with the request's view once it is final (at once when it already is). */
  public CompletableFuture<RequestView> whenFinal(String tenant, String deploymentId,
      String requestId) {
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
      finish(r, RequestState.CANCELLED, null, null);
      settle();
    }
    return r.view();
  }

  /** The client of a live request went away: the request is cancelled and its slot freed. */
  public void abandon(String requestId) {
    Request r = requests.get(requestId);
    if (r != null && r.live() && !r.state.isFinal()) {
      finish(r, RequestState.CANCELLED, null, null);
      settle();
    }
  }

  // ---------------------------------------------------------------- time

  /**
   * Applies every rule that depends on time: wait limits, request timeouts, hung workers, idle
   * workers, retention, delete grace.
   */
  public void tick() {
    Instant now = clock.instant();
    for (Deployment d : List.copyOf(deployments.values())) {
      expireWaits(d, now);
      watchWorkers(d, now);
      touch(d);
    }
    timeOutRequests(now);
    while (!retained.isEmpty() && !retained.peekFirst().expiresAt.isAfter(now)) {
      expire(retained.pollFirst());
    }
    while (!tombstoneOrder.isEmpty()
        && !tombstoneOrder.peekFirst().expiredAt.plus(settings.resultRetention()).isAfter(now)) {
      tombstones.remove(tombstoneOrder.pollFirst().id);
    }
    settle();
  }

  private void expireWaits(Deployment d, Instant now) {
    int wait = d.spec.waitTimeSeconds();
    if (wait == 0 || d.status == DeploymentStatus.FAILED) {
      return;
    }
    Instant limit = now.minusSeconds(wait);
    List<Request> late = new ArrayList<>();
    for (Request r : d.retries) {
      if (!r.waitingSince.isAfter(limit)) {
        late.add(r);
      }
    }
    for (Request r : d.fetched) {
      if (!r.waitingSince.isAfter(limit)) {
        late.add(r);
      }
    }
    for (Request r : d.queued) {
      if (r.waitingSince.isAfter(limit)) {
        break; // the line is in order of arrival
      }
      late.add(r);
    }
    for (Request r : late) {
      finish(r, RequestState.FAILED, null, RequestFailure.of(FailureType.QUEUE_TIMEOUT,
          "waited longer than wait_time (" + wait + " s) for a worker"));
    }
  }

  /** Ends every request that has not ended within the request timeout of its acceptance. */
  private void timeOutRequests(Instant now) {
    Instant acceptedBefore = now.minus(settings.requestTimeout());
    Request r;
    while ((r = byAcceptance.peekFirst()) != null) {
      if (!r.state.isFinal() && r.acceptedAt.isAfter(acceptedBefore)) {
        return;
      }
      byAcceptance.pollFirst();
      if (!r.state.isFinal()) {
        finish(r, RequestState.FAILED, null, RequestFailure.of(FailureType.REQUEST_TIMEOUT,
            "the request did not end within the request timeout ("
                + settings.requestTimeout().toSeconds() + " s)"));
      }
    }
  }

  /**
   * Checks each busy worker's health and progress, and kills the ones that stopped answering (see
   * {@link WorkerWatch}).
   */
  private void watchWorkers(Deployment d, Instant now) {
    for (Worker w : List.copyOf(d.workers)) {
      if (w.phase != Worker.Phase.HEALTHY || w.inFlight == 0 || w.handle == null) {
        continue;
      }
      w.watch.sawPieces(w.pieces.get(), now);
      Optional<String> verdict = w.watch.verdict(now);
      if (verdict.isPresent()) {
        unresponsive(w, verdict.get());
      } else if (w.watch.probeDue(now)) {
        // a late answer still counts when it comes, so the check may take the whole timeout
        w.handle.probe(settings.unresponsiveTimeout()).whenComplete((live, e) -> loop.execute(() ->
            w.watch.probed(live == null ? Liveness.SILENT : live, clock.instant())));
      }
    }
  }

  /**
   * A busy worker stopped answering: it is killed at once (it would not heed SIGTERM), its requests
   * are handled as for a crash, and the scaler replaces it.
   */
  private void unresponsive(Worker w, String why) {
    String reason = "worker " + w.id + " was unresponsive and was killed: " + why;
    LOG.warning(reason + " (deployment " + w.deployment.id + ")");
    w.phase = Worker.Phase.STOPPING;
    for (Attempt a : List.copyOf(w.attempts)) {
      retryOrFail(a, reason, FailureType.WORKER_UNRESPONSIVE);
    }
    stopProcess(w, Duration.ZERO);
    touch(w.deployment);
  }

  private void expire(Request r) {
    requests.remove(r.id);
    if (r.idempotencyKey != null) {
      idempotency.remove(r.idempotencyKey, r.id);
    }
    Tombstone t = new Tombstone(r.id, r.tenant, r.deploymentId, r.expiresAt);
    tombstones.put(r.id, t);
    tombstoneOrder.addLast(t);
  }

  // ---------------------------------------------------------------- metrics and shutdown

  /**
   * The figures of {@code tenant}: its requests, latencies and deployments; and the GPU pool, which
   * all tenants share.
   */
  public ClusterMetrics metrics(String tenant) {
    List<ClusterMetrics.DeploymentGauges> gauges = new ArrayList<>();
    for (Deployment d : deployments.values()) {
      if (!d.tenant.equals(tenant)) {
        continue;
      }
      int healthy = d.healthyWorkers();
      gauges.add(new ClusterMetrics.DeploymentGauges(d.id, d.status, d.queued.size(),
          d.fetched.size(), d.dispatched + d.retries.size(), healthy, d.liveWorkers() - healthy));
    }
    TenantFigures f = figures.getOrDefault(tenant, new TenantFigures());
    return new ClusterMetrics(f.reachedCopy(), gauges, f.requestDuration.copy(),
        f.queueWait.copy(), gpus.snapshot());
  }

  /**
   * Ends every request that has not ended and stops taking new ones. Returns the worker processes,
   * which the caller stops.
   */
  public List<WorkerHandle> shutdown() {
    shutDown = true;
    List<WorkerHandle> handles = new ArrayList<>();
    for (Deployment d : deployments.values()) {
      for (Request r : pendingAndInFlight(d)) {
        finish(r, RequestState.FAILED, null,
            RequestFailure.of(FailureType.DEPLOYMENT_DELETED, "the emulator is shutting down"));
      }
      for (Worker w : d.workers) {
        if (w.handle != null) {
          handles.add(w.handle);
        }
        w.phase = Worker.Phase.STOPPING;
      }
    }
    dirty.clear();
    return handles;
  }

  // ---------------------------------------------------------------- reconciling

  private void touch(Deployment d) {
    dirty.add(d);
  }

  private void touchAll() {
    dirty.addAll(deployments.values());
  }

  /** Reconciles every touched deployment until nothing changes any more. */
  private void settle() {
    int rounds = 0;
    while (!dirty.isEmpty()) {
      var it = dirty.iterator();
      Deployment d = it.next();
      it.remove();
      if (deployments.get(d.id) == d && !shutDown) {
        reconcile(d);
      }
      if (++rounds > 1_000_000) {
        throw new IllegalStateException("reconciling does not settle");
      }
    }
  }

  private void reconcile(Deployment d) {
    if (d.status == DeploymentStatus.FAILED) {
      return;
    }
    dispatch(d);
    if (d.status == DeploymentStatus.DELETING) {
      reconcileDeleting(d);
      return;
    }
    scale(d);
    allocateGpus(d);
    promote(d);
    if (!d.status.beforeRunning()) {
      return;
    }
    if (d.healthyWorkers() >= d.spec.minWorkers()) {
      d.status = DeploymentStatus.RUNNING;
      d.startTime = clock.instant();
      d.updatedAt = d.startTime;
      emitDeployment(d);
    } else if (loadingStatus(d) != d.status) {
      d.status = loadingStatus(d);
      d.updatedAt = clock.instant();
      emitDeployment(d);
    }
  }

  /** What a deployment not yet running shows: the furthest any starting worker has come loading. */
  private static DeploymentStatus loadingStatus(Deployment d) {
    DeploymentStatus status = DeploymentStatus.STARTING;
    for (Worker w : d.workers) {
      if (w.phase == Worker.Phase.STARTING && w.reportsModelLoading) {
        if (w.modelLoaded) {
          return DeploymentStatus.MODEL_DOWNLOADED;
        }
        status = DeploymentStatus.DOWNLOADING_MODEL;
      }
    }
    return status;
  }

  /** Hands waiting requests to healthy workers with a free slot, the least busy first. */
  private void dispatch(Deployment d) {
    Request r;
    while ((r = d.nextWaiting()) != null) {
      Worker best = null;
      for (Worker w : d.workers) {
        if (w.acceptsRequest() && (best == null || w.inFlight < best.inFlight)) {
          best = w;
        }
      }
      if (best == null) {
        return;
      }
      d.removeWaiting(r);
      start(r, best);
    }
  }

  private void start(Request r, Worker w) {
    Deployment d = w.deployment;
    Instant now = clock.instant();
    if (r.attempts == 0) {
      figures(r.tenant).queueWait.record(Duration.between(r.acceptedAt, now));
    }
    if (w.inFlight == 0) {
      w.watch.begin(now, w.pieces.get());
    }
    if (r.state != RequestState.PROCESSING) {
      setState(r, RequestState.PROCESSING);
    }
    r.attempts++;
    r.worker = w;
    w.inFlight++;
    w.lastUsed = now;
    d.dispatched++;
    Attempt a = new Attempt(r, w, this);
    r.attempt = a;
    w.attempts.add(a);
    try {
      a.exchange = engines.send(w.handle.port(), r.route.path(), r.body, a);
    } catch (RuntimeException e) {
      // the exchange never started, so nothing reached the client: the usual retry rule applies
      LOG.log(Level.FINE, "sending to worker " + w.id + " failed", e);
      retryOrFail(a, "sending to worker " + w.id + " failed: " + e.getMessage(),
          FailureType.WORKER_CRASHED);
    }
  }

  /** Moves requests from the line to {@code Fetched} while starting workers have slots for them. */
  private void promote(Deployment d) {
    int startingSlots = 0;
    for (Worker w : d.workers) {
      if (w.phase == Worker.Phase.WAITING_FOR_GPUS || w.phase == Worker.Phase.STARTING) {
        startingSlots += d.spec.concurrentRequests();
      }
    }
    while (!d.queued.isEmpty() && d.fetched.size() + d.retries.size() < startingSlots) {
      Request r = d.queued.pollFirst();
      setState(r, RequestState.FETCHED);
      d.fetched.addLast(r);
    }
  }

  private void scale(Deployment d) {
    DeploymentSpec spec = d.spec;
    int live = d.liveWorkers();
    int demand = d.demand();
    int wanted = (demand + spec.concurrentRequests() - 1) / spec.concurrentRequests();
    int target = Math.max(spec.minWorkers(), Math.min(spec.maxWorkers(), wanted));
    Instant now = clock.instant();
    if (target > live && !now.isBefore(d.nextStartAt)) {
      for (int i = live; i < target; i++) {
        d.workers.add(new Worker(nextWorkerId++, d,
            new WorkerWatch(settings.unresponsiveTimeout(), settings.probeInterval())));
      }
      live = target;
    }
    // workers that never got GPUs are dropped first: they cost nothing to stop
    for (int i = d.workers.size() - 1; i >= 0 && live > target; i--) {
      Worker w = d.workers.get(i);
      if (w.phase == Worker.Phase.WAITING_FOR_GPUS) {
        d.workers.remove(i);
        w.phase = Worker.Phase.GONE;
        live--;
      }
    }
    Duration idle = Duration.ofSeconds(spec.idleTimeoutSeconds());
    int keep = Math.max(spec.minWorkers(), target);
    for (Worker w : List.copyOf(d.workers)) {
      if (live <= keep) {
        break;
      }
      if (w.phase == Worker.Phase.HEALTHY && w.inFlight == 0
          && !w.idleSince.plus(idle).isAfter(now)) {
        stop(w);
        live--;
      }
    }
  }

  private void allocateGpus(Deployment d) {
    for (Worker w : d.workers) {
      if (w.phase != Worker.Phase.WAITING_FOR_GPUS) {
        continue;
      }
      Optional<List<Gpu>> got =
          gpus.allocate(d.spec.gpuTypes(), d.spec.gpusPerWorker(), w.holder());
      if (got.isEmpty()) {
        return; // the rest would not get any either
      }
      w.gpus = got.get();
      w.phase = Worker.Phase.STARTING;
      launch(w);
    }
  }

  private void reconcileDeleting(Deployment d) {
    Instant now = clock.instant();
    boolean pastGrace = !now.isBefore(d.deleteDeadline);
    boolean canDrain = d.healthyWorkers() > 0 && !pastGrace;
    RequestFailure deleted = RequestFailure.of(FailureType.DEPLOYMENT_DELETED,
        "deployment " + d.id + " was deleted before the request finished");
    if (!canDrain) {
      for (Request r : waitingRequests(d)) {
        finish(r, RequestState.FAILED, null, deleted);
      }
    }
    if (pastGrace) {
      for (Request r : pendingAndInFlight(d)) {
        finish(r, RequestState.FAILED, null, deleted);
      }
    }
    for (Worker w : List.copyOf(d.workers)) {
      switch (w.phase) {
        case WAITING_FOR_GPUS -> {
          d.workers.remove(w);
          w.phase = Worker.Phase.GONE;
        }
        case STARTING -> stop(w);
        case HEALTHY -> {
          if (w.inFlight == 0 && d.waiting() == 0) {
            stop(w);
          }
        }
        default -> { }
      }
    }
    if (d.workers.isEmpty() && d.demand() == 0) {
      deployments.remove(d.id);
      published.remove(d.id);
      d.endTime = now;
      emitDeployment(d);
      for (ClusterListener l : listeners) {
        l.deploymentRemoved(d.id);
      }
    }
  }

  // ---------------------------------------------------------------- workers

  private void launch(Worker w) {
    Deployment d = w.deployment;
    DeploymentSpec spec = d.spec;
    WorkerLaunch launch = new WorkerLaunch(d.id, w.id, spec.framework(), spec.model().orElseThrow(),
        spec.servedModelName(), spec.args(), spec.env(), w.gpus);
    blocking.execute(() -> {
      WorkerHandle handle;
      try {
        handle = launcher.launch(launch);
      } catch (RuntimeException e) {
        loop.execute(() -> {
          launchFailed(w, e);
          settle();
        });
        return;
      }
      loop.execute(() -> {
        launched(w, handle);
        settle();
      });
    });
  }

  private void launched(Worker w, WorkerHandle handle) {
    w.handle = handle;
    if (w.phase != Worker.Phase.STARTING || shutDown) {
      // stopped while its process was being started
      w.phase = Worker.Phase.STOPPING;
      stopProcess(w);
      return;
    }
    for (ClusterListener l : listeners) {
      l.workerLaunched(w.deployment.id, w.id, handle);
    }
    handle.modelLoaded().ifPresent(loaded -> {
      w.reportsModelLoading = true;
      touch(w.deployment);
      loaded.thenRun(() -> loop.execute(() -> {
        w.modelLoaded = true;
        touch(w.deployment);
        settle();
      }));
    });
    handle.ready().whenComplete((ok, e) -> loop.execute(() -> {
      ready(w, e);
      settle();
    }));
    handle.exit().whenComplete((code, e) -> loop.execute(() -> {
      exited(w, code);
      settle();
    }));
  }

  private void launchFailed(Worker w, RuntimeException e) {
    if (w.phase != Worker.Phase.STARTING) {
      release(w);
      return;
    }
    startFailed(w, e);
  }

  private void ready(Worker w, Throwable failure) {
    if (w.phase != Worker.Phase.STARTING) {
      return;
    }
    if (failure != null) {
      startFailed(w, unwrap(failure));
      return;
    }
    w.phase = Worker.Phase.HEALTHY;
    w.idleSince = clock.instant();
    w.deployment.startFailures = 0;
    touch(w.deployment);
  }

  private void exited(Worker w, Integer code) {
    switch (w.phase) {
      case STARTING -> startFailed(w, new WorkerStartException(
          "worker " + w.id + " exited with code " + code + " before it was healthy",
          w.handle.logTail()));
      case HEALTHY -> {
        w.phase = Worker.Phase.STOPPING;
        String reason = "worker " + w.id + " exited with code " + code;
        LOG.info(reason + " (deployment " + w.deployment.id + ")");
        for (Attempt a : List.copyOf(w.attempts)) {
          retryOrFail(a, reason, FailureType.WORKER_CRASHED);
        }
        stopProcess(w);
        touch(w.deployment);
      }
      default -> { }
    }
  }

  private void startFailed(Worker w, Throwable cause) {
    Deployment d = w.deployment;
    w.phase = Worker.Phase.STOPPING;
    if (w.handle != null) {
      stopProcess(w);
    } else {
      release(w);
    }
    d.startFailures++;
    List<String> tail = cause instanceof WorkerStartException wse ? wse.logTail()
        : w.handle != null ? w.handle.logTail() : List.of();
    String reason = "worker " + w.id + " failed to start: " + cause.getMessage();
    LOG.info(reason + " (deployment " + d.id + ", failure " + d.startFailures + ")");
    if (d.startFailures >= settings.maxStartAttempts()) {
      failDeployment(d, reason, tail);
    } else {
      long factor = 1L << Math.min(d.startFailures - 1, 20);
      d.nextStartAt = clock.instant().plus(settings.startBackoff().multipliedBy(factor));
      touch(d);
    }
  }

  private void failDeployment(Deployment d, String reason, List<String> tail) {
    if (d.status == DeploymentStatus.DELETING) {
      touch(d);
      return;
    }
    StringBuilder msg = new StringBuilder()
        .append("workers failed to start ").append(d.startFailures).append(" times in a row; last: ")
        .append(reason);
    if (!tail.isEmpty()) {
      msg.append("\nlast lines of the worker's log:");
      for (String line : tail.subList(Math.max(0, tail.size() - 20), tail.size())) {
        msg.append('\n').append(line);
      }
    }
    d.status = DeploymentStatus.FAILED;
    // A worker's log, or a launcher's message, may quote the environment it was given.
    d.errorMessage = d.spec.maskEnvValues(msg.toString());
    d.updatedAt = clock.instant();
    emitDeployment(d);
    RequestFailure failure = RequestFailure.of(FailureType.WORKER_START_FAILED,
        "deployment " + d.id + " failed: " + d.spec.maskEnvValues(reason));
    for (Request r : pendingAndInFlight(d)) {
      finish(r, RequestState.FAILED, null, failure);
    }
    for (Worker w : List.copyOf(d.workers)) {
      if (w.phase == Worker.Phase.WAITING_FOR_GPUS) {
        d.workers.remove(w);
        w.phase = Worker.Phase.GONE;
      } else if (w.live()) {
        stop(w);
      }
    }
  }

  /** Stops a worker that has nothing in flight. */
  private void stop(Worker w) {
    boolean started = w.handle != null;
    w.phase = Worker.Phase.STOPPING;
    if (started) {
      stopProcess(w);
    }
    // without a handle its process is still being started; launched() stops it
  }

  private void stopProcess(Worker w) {
    stopProcess(w, settings.workerStopGrace());
  }

  private void stopProcess(Worker w, Duration grace) {
    WorkerHandle handle = w.handle;
    blocking.execute(() -> {
      try {
        handle.stop(grace);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stopping worker " + w.id + " failed", e);
      }
      loop.execute(() -> {
        release(w);
        settle();
      });
    });
  }

  /** The worker's process is gone: its GPUs go back to the pool. */
  private void release(Worker w) {
    if (w.phase == Worker.Phase.GONE && !w.deployment.workers.contains(w)) {
      return;
    }
    w.phase = Worker.Phase.GONE;
    w.deployment.workers.remove(w);
    gpus.release(w.holder());
    if (w.handle != null) {
      engines.forget(w.handle.port());
    }
    for (ClusterListener l : listeners) {
      l.workerGone(w.deployment.id, w.id);
    }
    // freed GPUs may be what another deployment's worker waits for
    touchAll();
    touch(w.deployment);
  }

  // ---------------------------------------------------------------- engine exchanges

  void attemptCompleted(Attempt a) {
    a.worker.watch.progressed(clock.instant());
    Request r = a.request;
    if (r.attempt != a || r.state.isFinal()) {
      settle();
      return;
    }
    int status = a.status();
    if (r.live() && !a.delivered()) {
      // abandoned while its answer was on the way: the abandoning command has ended it
      settle();
      return;
    }
    if (status / 100 == 2) {
      finish(r, RequestState.COMPLETED,
          r.live() ? null : new EngineAnswer(status, a.contentType(), a.body()), null);
    } else {
      RequestFailure failure = new RequestFailure(FailureType.ENGINE_ERROR,
          engines.errorMessage(status, a.body()), OptionalInt.of(status));
      if (r.live()) {
        // the OpenAI-compatible routes passed the engine's own error answer through
        finishQuietly(r, failure);
      } else {
        finish(r, RequestState.FAILED, null, failure);
      }
    }
    settle();
  }

  /** Off the loop: waits a moment for the worker's exit to be seen, then decides on the loop. */
  void attemptFailedOffLoop(Attempt a, Throwable cause) {
    WorkerHandle h = a.worker.handle;
    CompletableFuture<?> exit = h == null ? CompletableFuture.completedFuture(null)
        : h.exit().copy().completeOnTimeout(null, upstreamFailureSettle.toMillis(),
            TimeUnit.MILLISECONDS);
    exit.whenComplete((c, e) -> loop.execute(() -> {
      attemptFailed(a, cause);
      settle();
    }));
  }

  private void attemptFailed(Attempt a, Throwable cause) {
    Request r = a.request;
    if (r.attempt != a || r.state.isFinal()) {
      return;
    }
    Worker w = a.worker;
    if (w.phase == Worker.Phase.HEALTHY && w.handle != null && !w.handle.isAlive()) {
      exited(w, w.handle.exit().getNow(null));
      return;
    }
    retryOrFail(a, "the connection to worker " + w.id + " broke: " + describe(cause),
        FailureType.WORKER_CRASHED);
  }

  /**
   * The worker of {@code a} died, hung, or its connection broke: the request is tried again
   * elsewhere if nothing of the answer reached the client and it has retries left, else it fails
   * with {@code type}.
   */
  private void retryOrFail(Attempt a, String reason, FailureType type) {
    Request r = a.request;
    if (r.attempt != a || r.state.isFinal()) {
      return;
    }
    boolean sent = a.abandon();
    releaseSlot(r);
    r.attempt = null;
    Deployment d = deployments.get(r.deploymentId);
    if (!sent && r.attempts <= settings.crashRetries() && d != null
        && d.status != DeploymentStatus.FAILED) {
      r.waitingSince = clock.instant();
      d.retries.addLast(r);
      touch(d);
      return;
    }
    finish(r, RequestState.FAILED, null, RequestFailure.of(type,
        reason + (sent ? " while the answer was being streamed" : " on the retry too")), sent);
  }

  // ---------------------------------------------------------------- ending requests

  private void finish(Request r, RequestState state, EngineAnswer result, RequestFailure failure) {
    boolean midStream = false;
    if (r.attempt != null && r.worker != null && state != RequestState.COMPLETED) {
      midStream = r.attempt.abandon();
    }
    finish(r, state, result, failure, midStream);
  }

  private void finish(Request r, RequestState state, EngineAnswer result, RequestFailure failure,
      boolean midStream) {
    Deployment d = deployments.get(r.deploymentId);
    if (r.worker != null) {
      releaseSlot(r);
    } else if (d != null) {
      d.removeWaiting(r);
    }
    end(r, state, result, failure);
    if (r.live() && state == RequestState.FAILED) {
      r.sink.fail(failure, midStream);
    }
  }

  /** Ends a live request whose answer already went out. */
  private void finishQuietly(Request r, RequestFailure failure) {
    releaseSlot(r);
    end(r, RequestState.FAILED, null, failure);
  }

  private void end(Request r, RequestState state, EngineAnswer result, RequestFailure failure) {
    Instant now = clock.instant();
    setState(r, state);
    r.finishedAt = now;
    r.result = result;
    r.failure = failure;
    r.attempt = null;
    if (state == RequestState.COMPLETED) {
      figures(r.tenant).requestDuration.record(Duration.between(r.acceptedAt, now));
    }
    if (r.live()) {
      requests.remove(r.id);
    } else {
      r.expiresAt = now.plus(settings.resultRetention());
      retained.addLast(r);
    }
    if (r.waiters != null) {
      RequestView view = r.view();
      for (CompletableFuture<RequestView> w : r.waiters) {
        w.complete(view);
      }
      r.waiters = null;
    }
    Deployment d = deployments.get(r.deploymentId);
    if (d != null) {
      touch(d);
    }
  }

  private void releaseSlot(Request r) {
    Worker w = r.worker;
    if (w == null) {
      return;
    }
    w.attempts.remove(r.attempt);
    w.inFlight--;
    Instant now = clock.instant();
    w.lastUsed = now;
    if (w.inFlight == 0) {
      w.idleSince = now;
    }
    w.deployment.dispatched--;
    r.worker = null;
    touch(w.deployment);
  }

  private void setState(Request r, RequestState next) {
    if (!r.state.mayMoveTo(next)) {
      throw new IllegalStateException(
          "request " + r.id + " cannot move from " + r.state.wire() + " to " + next.wire());
    }
    r.state = next;
    figures(r.tenant).reached(next);
    emitRequest(r);
  }

  // ---------------------------------------------------------------- lookups and helpers

  private TenantFigures figures(String tenant) {
    return figures.computeIfAbsent(tenant, t -> new TenantFigures());
  }

  private Deployment deployment(String tenant, String id) {
    Deployment d = deployments.get(id);
    if (d == null || !d.tenant.equals(tenant)) {
      throw CoreException.notFound("deployment " + id + " not found");
    }
    return d;
  }

  private Request request(String tenant, String deploymentId, String requestId) {
    Request r = requests.get(requestId);
    if (r != null && r.tenant.equals(tenant) && r.deploymentId.equals(deploymentId) && !r.live()) {
      if (r.expiresAt != null && !r.expiresAt.isAfter(clock.instant())) {
        throw expired(r.id, r.expiresAt);
      }
      return r;
    }
    Tombstone t = tombstones.get(requestId);
    if (t != null && t.tenant.equals(tenant) && t.deploymentId.equals(deploymentId)) {
      throw expired(t.id, t.expiredAt);
    }
    throw CoreException.notFound("request " + requestId + " not found in deployment " + deploymentId);
  }

  private static CoreException expired(String id, Instant at) {
    return CoreException.expired("result of request " + id + " expired at " + at, at);
  }

  private List<Request> waitingRequests(Deployment d) {
    List<Request> out = new ArrayList<>(d.waiting());
    out.addAll(d.retries);
    out.addAll(d.fetched);
    out.addAll(d.queued);
    return out;
  }

  private List<Request> pendingAndInFlight(Deployment d) {
    List<Request> out = waitingRequests(d);
    for (Worker w : d.workers) {
      for (Attempt a : w.attempts) {
        out.add(a.request);
      }
    }
    return out;
  }

  /** The most GPUs of one type the inventory has for {@code spec}, if that is too few, as an error. */
  private Optional<FieldError> gpuCapacityError(DeploymentSpec spec) {
    Map<String, Integer> byType = new HashMap<>();
    for (GpuAllocator.GpuHolding h : gpus.snapshot()) {
      Gpu g = h.gpu();
      boolean wanted = spec.gpuTypes().isEmpty();
      for (String t : spec.gpuTypes()) {
        wanted |= g.matches(t);
      }
      if (wanted) {
        byType.merge(g.type().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
      }
    }
    int most = byType.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (most == 0) {
      return Optional.of(new FieldError("gpus_to_use",
          "no GPU of the emulator's inventory matches " + spec.gpuTypes()));
    }
    if (most < spec.gpusPerWorker()) {
      return Optional.of(new FieldError("gpus_per_worker",
          "the emulator's inventory has at most " + most + " GPUs of one matching type"));
    }
    return Optional.empty();
  }

  private void requireOpen() {
    if (shutDown) {
      throw CoreException.unavailable("the emulator is shutting down");
    }
  }

  private void emitRequest(Request r) {
    for (ClusterListener l : listeners) {
      l.requestChanged(r.deploymentId, r.id, r.state);
    }
  }

  private void emitDeployment(Deployment d) {
    for (ClusterListener l : listeners) {
      l.deploymentChanged(d.id, d.status);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
        || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable t) {
    Throwable u = unwrap(t);
    return u.getMessage() != null ? u.getMessage() : u.getClass().getSimpleName();
  }

  /** How many requests the cluster holds, finished ones included (for tests and benchmarks). */
  int requestCount() {
    return requests.size();
  }

  Collection<Deployment> deployments() {
    return deployments.values();
  }
}
