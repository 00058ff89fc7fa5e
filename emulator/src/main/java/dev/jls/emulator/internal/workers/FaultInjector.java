package dev.jls.emulator.internal.workers;

import dev.jls.emulator.Faults;
import dev.jls.emulator.internal.core.ClusterListener;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.Liveness;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerLauncher;
import dev.jls.emulator.internal.core.WorkerStartException;
import dev.jls.emulator.internal.sim.SimSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Faults on demand: a {@link WorkerLauncher} in front of the real one that keeps the {@link Faults} in
 * force per deployment and per worker, and applies them.
 *
 * <p>A simulated worker gets them as {@code JLS_SIM_*} variables ({@link SimSettings}): in its
 * environment when it starts, and while it runs through its engine's {@code POST /_sim/faults}, which
 * takes the whole set each time (the deployment's own {@code JLS_SIM_*} variables, then the
 * deployment's faults, then the worker's). Another engine gets what can be done from outside: a crash
 * kills its processes at once, a hang stops them (SIGSTOP) until cleared (SIGCONT), a cold start holds
 * back its readiness, and a failing start never launches it; the other faults are refused. A real
 * engine in a pod, which no signal reaches, takes no hang either; its crash deletes the pod.
 */
public final class FaultInjector implements WorkerLauncher, ClusterListener {

    private static final Logger LOG = Logger.getLogger(FaultInjector.class.getName());
    private static final Duration ENGINE_CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A started worker: what it was started with, and the faults it was last given (at launch, or by
     * {@link #apply}); guarded by the injector's lock.
     */
    private static final class Live {
        final String deploymentId;
        final boolean simulated;
        final Map<String, String> env;
        final Faulted handle;
        Faults given;

        Live(String deploymentId, boolean simulated, Map<String, String> env, Faulted handle, Faults given) {
            this.deploymentId = deploymentId;
            this.simulated = simulated;
            this.env = env;
            this.handle = handle;
            this.given = given;
        }
    }

    private final WorkerLauncher launcher;
    private final Predicate<String> simulated;
    /** Whether workers are processes of this machine, which SIGSTOP can hang. */
    private final boolean signals;
    /** Made on first use: a client holds a thread, and most emulators never inject a fault. */
    private HttpClient http;

    private final Map<String, Faults> deployments = new ConcurrentHashMap<>();
    private final Map<Long, Faults> workerFaults = new ConcurrentHashMap<>();
    private final Map<Long, Live> live = new ConcurrentHashMap<>();

    /**
     * @param launcher the launcher that starts the processes
     * @param simulated whether a framework's workers run the simulated engine
     */
    public FaultInjector(WorkerLauncher launcher, Predicate<String> simulated) {
        this(launcher, simulated, true);
    }

    private FaultInjector(WorkerLauncher launcher, Predicate<String> simulated, boolean signals) {
        this.launcher = launcher;
        this.simulated = simulated;
        this.signals = signals;
    }

    /** A fault injector for the engines of {@code engines}, run as local processes. */
    public static FaultInjector of(WorkerLauncher launcher, EngineRegistry engines) {
        return new FaultInjector(launcher, simulatedIn(engines), true);
    }

    /**
     * A fault injector for the engines of {@code engines} run where no signal of this machine reaches
     * them (pods): a real engine's hang is refused.
     */
    public static FaultInjector remote(WorkerLauncher launcher, EngineRegistry engines) {
        return new FaultInjector(launcher, simulatedIn(engines), false);
    }

    private static Predicate<String> simulatedIn(EngineRegistry engines) {
        return framework ->
                engines.engineFor(framework).map(SimEngine.class::isInstance).orElse(false);
    }

    /** The faults of deployment {@code deploymentId}, or of its worker {@code worker}. */
    public synchronized Faults get(String deploymentId, OptionalLong worker) {
        if (worker.isPresent()) {
            liveWorker(deploymentId, worker.getAsLong());
            return workerFaults.getOrDefault(worker.getAsLong(), Faults.NONE);
        }
        return deployments.getOrDefault(deploymentId, Faults.NONE);
    }

    /**
     * Puts {@code faults} in force, in place of what was, for deployment {@code deploymentId} of
     * framework {@code framework} (its running and future workers), or for its running worker {@code
     * worker}; applies them to the running workers before returning, and returns what is in force.
     *
     * @throws CoreException NOT_FOUND for a worker that is not running in the deployment; CONFLICT for a
     *     fault that the deployment's engine cannot suffer, or one that only a deployment can have
     */
    public synchronized Faults set(String deploymentId, String framework, OptionalLong worker, Faults faults) {
        boolean sim = simulated.test(framework);
        if (!sim) {
            List<String> refused = new ArrayList<>();
            faults.slow().ifPresent(s -> refused.add("slow"));
            faults.errorRate().ifPresent(e -> refused.add("error_rate"));
            faults.crashAfterTokens().stream().filter(k -> k > 0).forEach(k -> refused.add("crash.after_tokens"));
            if (!signals && faults.hang()) {
                refused.add("hang");
            }
            if (!refused.isEmpty()) {
                throw CoreException.conflict(String.join(", ", refused)
                        + " need the simulated engine; the workers of deployment " + deploymentId + " (framework "
                        + framework + ") run a real one, which only takes crash, "
                        + (signals ? "hang, " : "")
                        + "cold_start and fail_next_starts"
                        + (signals ? "" : " (a pod takes no signal that would hang it)"));
            }
        }
        List<Live> targets = new ArrayList<>();
        Faults kept = faults;
        if (worker.isPresent()) {
            if (faults.failNextStarts().isPresent() || faults.coldStart().isPresent()) {
                throw CoreException.conflict(
                        "fail_next_starts and cold_start act on starts: set them on the deployment, not on a worker");
            }
            Live w = liveWorker(deploymentId, worker.getAsLong());
            targets.add(w);
            putOrRemove(workerFaults, worker.getAsLong(), faults);
        } else {
            for (Live w : live.values()) {
                if (w.deploymentId.equals(deploymentId)) {
                    targets.add(w);
                }
            }
            if (!sim) {
                // a real engine's crash is a kill now; nothing is left in force for later workers
                kept = new Faults(
                        OptionalInt.empty(),
                        faults.hang(),
                        faults.slow(),
                        faults.errorRate(),
                        faults.failNextStarts(),
                        faults.coldStart());
            }
            putOrRemove(deployments, deploymentId, kept);
        }
        for (Live w : targets) {
            if (!sim && faults.crashAfterTokens().isPresent()) {
                kill(w);
            } else {
                apply(w);
            }
        }
        return worker.isPresent() ? faults : kept;
    }

    /**
     * Clears the faults of every deployment and worker (a reset), and gives each running worker that
     * was given some its normal behaviour back before returning. A worker that cannot be told (it died
     * meanwhile, or refused) is logged and skipped, so that one bad worker does not keep the others
     * faulty.
     */
    public synchronized void clearAll() {
        deployments.clear();
        workerFaults.clear();
        for (Live w : live.values()) {
            if (w.given.isEmpty()) {
                continue;
            }
            try {
                apply(w);
            } catch (CoreException e) {
                LOG.log(Level.WARNING, "worker " + w.handle.workerId() + " kept its faults: " + e.getMessage());
            }
        }
    }

    private static <K> void putOrRemove(Map<K, Faults> map, K key, Faults faults) {
        if (faults.isEmpty()) {
            map.remove(key);
        } else {
            map.put(key, faults);
        }
    }

    private Live liveWorker(String deploymentId, long workerId) {
        Live w = live.get(workerId);
        if (w == null || !w.deploymentId.equals(deploymentId) || !w.handle.isAlive()) {
            throw CoreException.notFound("Worker " + workerId + " of deployment " + deploymentId + " is not running");
        }
        return w;
    }

    /** The faults worker {@code w} suffers: its deployment's with its own on top. */
    private Faults effective(Live w) {
        return deployments
                .getOrDefault(w.deploymentId, Faults.NONE)
                .overlaidWith(workerFaults.getOrDefault(w.handle.workerId(), Faults.NONE));
    }

    /**
     * Gives worker {@code w} the faults now in force for it. One still starting gets them once its
     * engine listens, before the core learns it is ready (see {@link #started}).
     */
    private void apply(Live w) {
        if (!w.handle.started.isDone()) {
            return;
        }
        Faults faults = effective(w);
        Faults before = w.given;
        w.given = faults;
        if (w.simulated) {
            Map<String, String> variables = simVariables(w.env);
            variables.putAll(runningVariables(faults));
            tell(w, variables);
            return;
        }
        if (faults.crashAfterTokens().isPresent()) {
            kill(w);
            return;
        }
        if (faults.hang() != before.hang()) {
            signalTree(w.handle, faults.hang() ? "STOP" : "CONT");
        }
    }

    /** A real engine's crash: SIGKILL to the worker's processes, or its pod deleted without grace. */
    private void kill(Live w) {
        w.handle.kill();
        workerFaults.remove(w.handle.workerId());
    }

    /** Worker {@code w}'s engine listens: it catches up with faults changed since its launch. */
    private synchronized void started(Live w) {
        Faults now = effective(w);
        boolean changed =
                w.simulated ? !runningVariables(now).equals(runningVariables(w.given)) : now.hang() != w.given.hang();
        if (changed) {
            apply(w);
        }
    }

    // called with the injector's lock held
    private void tell(Live w, Map<String, String> variables) {
        StringBuilder json = new StringBuilder("{");
        variables.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"')
                    .append(jsonEscape(name))
                    .append("\":\"")
                    .append(jsonEscape(value))
                    .append('"');
        });
        json.append('}');
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + w.handle.address().authority() + "/_sim/faults"))
                .timeout(ENGINE_CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build();
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .build();
        }
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw CoreException.conflict("worker " + w.handle.workerId() + " refused the faults: " + answer.body());
            }
        } catch (IOException e) {
            // a worker that died meanwhile has no faults to change; its replacement starts with them
            if (w.handle.isAlive()) {
                LOG.log(Level.WARNING, "worker " + w.handle.workerId() + " did not take its faults", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void signalTree(WorkerHandle handle, String signal) {
        Optional<ProcessHandle> root = ProcessHandle.of(handle.pid());
        if (root.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(handle.pid())));
        root.get().descendants().forEach(p -> command.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            // kill returns once the signal is sent, not once it is taken: the fault is in force only
            // when the process shows it, and the caller was promised that on return
            awaitStopped(handle.pid(), signal.equals("STOP"));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot send SIG" + signal + " to worker " + handle.workerId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a process may take to show a stop or a continue before the fault is left as sent. */
    private static final long SIGNAL_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Waits until process {@code pid} is stopped (state {@code T} in {@code /proc/PID/stat}), or is no
     * longer, as {@code stopped} asks; returns at once where there is no {@code /proc} or no process.
     */
    private static void awaitStopped(long pid, boolean stopped) throws InterruptedException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + SIGNAL_SETTLE_NANOS;
        while (System.nanoTime() - deadline < 0) {
            String line;
            try {
                line = Files.readString(stat);
            } catch (IOException gone) {
                return;
            }
            // the state follows the command name, which is in parentheses and may contain any character
            int close = line.lastIndexOf(')');
            char state = close >= 0 && close + 2 < line.length() ? line.charAt(close + 2) : '?';
            if ((state == 'T') == stopped) {
                return;
            }
            Thread.sleep(1);
        }
        LOG.log(Level.WARNING, "process " + pid + " did not show " + (stopped ? "stopped" : "continued") + " in 10 s");
    }

    /** The deployment's own {@code JLS_SIM_*} variables, which faults go on top of. */
    private static Map<String, String> simVariables(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("JLS_SIM_")) {
                out.put(name, value);
            }
        });
        return out;
    }

    /** The variables of the faults a running simulated engine can take. */
    private static Map<String, String> runningVariables(Faults faults) {
        Map<String, String> out = new HashMap<>();
        faults.crashAfterTokens().ifPresent(k -> {
            out.put(SimSettings.CRASH_AFTER_REQUESTS, "0");
            out.put(SimSettings.CRASH_AFTER_TOKENS, Integer.toString(k));
        });
        if (faults.hang()) {
            out.put(SimSettings.HANG, "true");
        }
        faults.slow().ifPresent(s -> {
            out.put(SimSettings.TTFT_MS, Long.toString(s.timeToFirstToken().toMillis()));
            out.put(SimSettings.TOKENS_PER_SECOND, Double.toString(s.tokensPerSecond()));
        });
        faults.errorRate().ifPresent(e -> {
            out.put(SimSettings.FAILURE_RATE, Double.toString(e.rate()));
            out.put(SimSettings.FAILURE_SEED, Long.toString(e.seed()));
        });
        return out;
    }

    @Override
    public WorkerHandle launch(WorkerLaunch launch) {
        boolean sim = simulated.test(launch.framework());
        Faults faults;
        Optional<String> startFailure;
        synchronized (this) {
            faults = deployments.getOrDefault(launch.deploymentId(), Faults.NONE);
            startFailure = faults.failNextStarts().map(Faults.FailStarts::message);
            faults.failNextStarts()
                    .ifPresent(f -> putOrRemove(
                            deployments,
                            launch.deploymentId(),
                            deployments
                                    .get(launch.deploymentId())
                                    .withFailNextStarts(
                                            f.count() > 1 ? new Faults.FailStarts(f.count() - 1, f.message()) : null)));
        }
        if (startFailure.isPresent() && !sim) {
            throw new WorkerStartException(startFailure.get() + " (fail_next_starts)", List.of());
        }
        WorkerLaunch started = launch;
        if (sim && !faults.isEmpty()) {
            Map<String, String> env = new HashMap<>(launch.env());
            env.putAll(runningVariables(faults));
            faults.coldStart().ifPresent(d -> env.put(SimSettings.STARTUP_MS, Long.toString(d.toMillis())));
            startFailure.ifPresent(m -> env.put(SimSettings.START_FAILURE, m));
            started = new WorkerLaunch(
                    launch.deploymentId(),
                    launch.workerId(),
                    launch.framework(),
                    launch.model(),
                    launch.servedModelName(),
                    launch.args(),
                    env,
                    launch.gpus());
        }
        Faults given = sim ? faults : Faults.NONE;
        Faulted handle = new Faulted(
                launcher.launch(started),
                sim ? Duration.ZERO : faults.coldStart().orElse(Duration.ZERO));
        Live w = new Live(launch.deploymentId(), sim, launch.env(), handle, given);
        live.put(launch.workerId(), w);
        handle.exit().whenComplete((code, e) -> {
            live.remove(launch.workerId(), w);
            workerFaults.remove(launch.workerId());
        });
        handle.hold(() -> started(w));
        return handle;
    }

    /** A deleted deployment's faults go with it; no lock, so that the core's loop never waits here. */
    @Override
    public void deploymentRemoved(String deploymentId) {
        deployments.remove(deploymentId);
    }

    @Override
    public void close() {
        launcher.close();
    }

    /**
     * A worker as the core sees it: ready once its engine listens, a real engine's cold start has
     * passed, and it has caught up with the faults set meanwhile.
     */
    private static final class Faulted implements WorkerHandle {
        private final WorkerHandle handle;
        /** The engine listens and any cold start has passed. */
        final CompletableFuture<Void> started;

        private final CompletableFuture<Void> ready = new CompletableFuture<>();

        Faulted(WorkerHandle handle, Duration coldStart) {
            this.handle = handle;
            this.started = coldStart.isZero()
                    ? handle.ready()
                    : handle.ready()
                            .thenCompose(v -> CompletableFuture.runAsync(
                                    () -> {},
                                    CompletableFuture.delayedExecutor(coldStart.toMillis(), TimeUnit.MILLISECONDS)));
        }

        /** Completes {@link #ready()} after {@code catchUp} has run, once started. */
        void hold(Runnable catchUp) {
            started.whenComplete((v, failure) -> {
                if (failure != null) {
                    ready.completeExceptionally(failure);
                    return;
                }
                try {
                    catchUp.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "worker " + handle.workerId() + " did not take its faults", e);
                }
                ready.complete(null);
            });
        }

        @Override
        public long workerId() {
            return handle.workerId();
        }

        @Override
        public long pid() {
            return handle.pid();
        }

        @Override
        public int port() {
            return handle.port();
        }

        @Override
        public EngineAddress address() {
            return handle.address();
        }

        @Override
        public String runsAs() {
            return handle.runsAs();
        }

        @Override
        public void kill() {
            handle.kill();
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public Optional<CompletableFuture<Void>> modelLoaded() {
            return handle.modelLoaded();
        }

        @Override
        public OptionalInt maxModelLen() {
            return handle.maxModelLen();
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return handle.exit();
        }

        @Override
        public CompletableFuture<Liveness> probe(Duration timeout) {
            return handle.probe(timeout);
        }

        @Override
        public boolean isAlive() {
            return handle.isAlive();
        }

        @Override
        public List<String> logTail() {
            return handle.logTail();
        }

        @Override
        public AutoCloseable followLogs(Consumer<String> sink) {
            return handle.followLogs(sink);
        }

        @Override
        public void stop(Duration grace) {
            handle.stop(grace);
        }
    }
}
