package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerEnvironment;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerLauncher;
import dev.jls.emulator.internal.core.WorkerStartException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Starts each worker as a child process of the emulator: on a port from a {@link PortPool}, with the
 * engine's command, in an environment made as {@link ProcessEnvironment} says (a small base taken from
 * the emulator's environment, never the whole of it; the deployment's {@code env}; the emulator's own
 * variables), output kept in a bounded tail, readiness by polling {@code GET /health}.
 *
 * <p>No worker outlives the emulator. {@link #close()} stops every worker; a JVM shutdown hook does
 * the same on a normal exit or Ctrl-C (SIGTERM to every process of every worker, SIGKILL to what is
 * left after the shutdown grace). A {@code kill -9} of the emulator runs no hook; for that case each
 * worker is started in its own session (with {@code setsid}, where it exists) and watched by a tiny
 * {@code sh} process that waits on a pipe from the emulator: when the emulator dies the kernel closes
 * the pipe, and the watchdog sends SIGTERM, then after 5 s SIGKILL, to the worker's whole process
 * group. Workers also get {@code JLS_PARENT_PID}, the emulator's pid, so an engine can watch for itself.
 */
public final class ProcessWorkerLauncher implements WorkerLauncher {

    /** The variable that tells a worker the emulator's process id. */
    public static final String PARENT_PID_VARIABLE = WorkerEnvironment.PARENT_PID_VARIABLE;

    /** Lines of output kept per worker by default. */
    public static final int DEFAULT_LOG_TAIL_LINES = 1000;

    /** How often {@code /health} is polled while a worker starts, by default. */
    public static final Duration DEFAULT_HEALTH_POLL_INTERVAL = Duration.ofMillis(50);

    /** How long workers get between SIGTERM and SIGKILL when the emulator shuts down, by default. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    // Waits for end of input (the emulator's end), then SIGTERM to the worker's group, up to 5 s for it
    // to go, SIGKILL to what is left.
    private static final String WATCHDOG_SCRIPT = "read _ignored; kill -s TERM -- \"$1\" 2>/dev/null || exit 0; i=0;"
            + " while [ $i -lt 50 ] && kill -s 0 -- \"$1\" 2>/dev/null; do sleep 0.1; i=$((i+1)); done;"
            + " kill -s KILL -- \"$1\" 2>/dev/null; exit 0";

    private final EngineRegistry engines;
    private final PortPool ports;
    private final Map<String, String> environment;
    private final int logTailLines;
    private final Duration healthPollInterval;
    private final Duration shutdownGrace;
    private final Optional<Path> setsid;
    private final Map<Long, ProcessWorker> live = new ConcurrentHashMap<>();
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private ProcessWorkerLauncher(Builder builder) {
        this.engines = builder.engines;
        this.ports = builder.ports;
        this.environment = Map.copyOf(
                builder.environment != null ? builder.environment : ProcessEnvironment.base(builder.sourceEnvironment));
        this.logTailLines = builder.logTailLines;
        this.healthPollInterval = builder.healthPollInterval;
        this.shutdownGrace = builder.shutdownGrace;
        this.setsid = builder.orphanWatchdog
                ? ExecutableSearch.find("setsid", environment.get("PATH"))
                        .or(() -> ExecutableSearch.find("setsid", "/usr/bin:/bin"))
                : Optional.empty();
        this.scheduler = LauncherThreads.scheduler("jls-worker-health");
        this.http = LauncherThreads.probeClient();
        this.shutdownHook = new Thread(this::stopAllOnShutdown, "jls-worker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * A launcher with the defaults: the {@linkplain PortPool#shared() shared} ports, the {@linkplain
     * ProcessEnvironment#base(Map) base} of this process's environment.
     */
    public ProcessWorkerLauncher(EngineRegistry engines) {
        this(builder(engines));
    }

    /** A builder of a launcher that runs the engines of {@code engines}. */
    public static Builder builder(EngineRegistry engines) {
        return new Builder(engines);
    }

    @Override
    public WorkerHandle launch(WorkerLaunch launch) {
        if (closed) {
            throw new WorkerStartException("the emulator is shutting down; no new worker starts", List.of());
        }
        Engine engine = engines.engineToStart(launch.framework());
        String holder = PortPool.workerHolder(launch.workerId());
        try {
            return start(launch, engine, holder);
        } catch (RuntimeException e) {
            ports.release(holder);
            throw e;
        }
    }

    private ProcessWorker start(WorkerLaunch launch, Engine engine, String holder) {
        int port;
        EngineCommand command;
        try {
            port = ports.reserve(holder);
            command = engine.command(launch, port);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new WorkerStartException(
                    "cannot start worker " + launch.workerId() + " (" + engine.name() + "): " + e.getMessage(),
                    List.of(),
                    e);
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(command.environment());
        env.put(PARENT_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        checkEnvironment(launch, engine, env);

        // Resolved on the base PATH, the operator's: a deployment's env may set the worker's PATH but not
        // choose which program the emulator runs.
        String executable = command.command().get(0);
        Path resolved = ExecutableSearch.find(executable, environment.get("PATH"))
                .orElseThrow(() -> new WorkerStartException(
                        "cannot start worker "
                                + launch.workerId()
                                + " ("
                                + engine.name()
                                + "): "
                                + executable
                                + (executable.contains("/") ? " is not an executable file" : " not found on PATH"),
                        List.of()));
        List<String> argv = new ArrayList<>();
        setsid.ifPresent(path -> argv.add(path.toString()));
        argv.add(resolved.toString());
        argv.addAll(command.command().subList(1, command.command().size()));

        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WorkerStartException(
                    "cannot start worker " + launch.workerId() + " (" + engine.name() + "): " + e.getMessage(),
                    List.of(),
                    e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Engines read nothing from stdin; one that cannot be closed changes nothing.
        }
        Optional<Process> watchdog = setsid.flatMap(path -> startWatchdog(path, process.pid()));
        LogTail log = new LogTail(logTailLines);
        ProcessWorker worker = new ProcessWorker(
                launch.workerId(),
                engine.name(),
                process,
                port,
                log,
                watchdog,
                engine.reportsModelLoading() ? Optional.of(engine::isModelLoadedLine) : Optional.empty());
        live.put(launch.workerId(), worker);
        worker.begin(http, scheduler, healthPollInterval, engine.startTimeout(), () -> {
            live.remove(launch.workerId(), worker);
            ports.release(holder);
        });
        return worker;
    }

    // The operating system's own refusal (ProcessBuilder's) quotes the value, which may be a secret and
    // would reach error_message; this one names the variable only. Specs are checked at create, so this
    // guards what comes from elsewhere (a data directory written by an older emulator).
    private static void checkEnvironment(WorkerLaunch launch, Engine engine, Map<String, String> env) {
        env.forEach((name, value) -> {
            String problem = name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0
                    ? "an environment variable name must not be empty or hold '=' or NUL"
                    : value.indexOf('\0') >= 0 ? "the value of " + name + " holds a NUL character" : null;
            if (problem != null) {
                throw new WorkerStartException(
                        "cannot start worker " + launch.workerId() + " (" + engine.name() + "): " + problem, List.of());
            }
        });
    }

    // The worker leads its own process group (setsid), so "-pid" reaches everything it started.
    private Optional<Process> startWatchdog(Path setsidPath, long workerPid) {
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            setsidPath.toString(), "/bin/sh", "-c", WATCHDOG_SCRIPT, "jls-watchdog", "-" + workerPid)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            return Optional.of(builder.start());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The workers started by this launcher that are still running. */
    public List<WorkerHandle> liveWorkers() {
        return List.copyOf(live.values());
    }

    /** Stops every worker (SIGTERM, SIGKILL after {@code grace}), all at once; returns when they are gone. */
    public void stopAll(Duration grace) {
        LauncherThreads.stopAll(live.values(), grace);
    }

    /** Stops every worker (with the shutdown grace) and frees the launcher's threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        stopAll(shutdownGrace);
        scheduler.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway and finds nothing left.
        }
    }

    private void stopAllOnShutdown() {
        closed = true;
        // Signal every tree first so that the workers' own shutdowns overlap.
        live.values().forEach(ProcessWorker::signalTerm);
        stopAll(shutdownGrace);
    }

    /** Builds a {@link ProcessWorkerLauncher}. Not thread-safe. */
    public static final class Builder {
        private final EngineRegistry engines;
        private PortPool ports = PortPool.shared();
        private Map<String, String> sourceEnvironment = System.getenv();
        private Map<String, String> environment;
        private int logTailLines = DEFAULT_LOG_TAIL_LINES;
        private Duration healthPollInterval = DEFAULT_HEALTH_POLL_INTERVAL;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private boolean orphanWatchdog = true;

        private Builder(EngineRegistry engines) {
            this.engines = Objects.requireNonNull(engines, "engines");
        }

        /**
         * Where worker ports come from; default {@link PortPool#shared()}. Give the same pool to the
         * {@link VllmEngine}, so its internal port ranges are freed with the worker.
         */
        public Builder ports(PortPool ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /**
         * The environment every worker starts from, exactly as given, instead of the {@linkplain
         * ProcessEnvironment#base(Map) base} of the {@linkplain #sourceEnvironment(Map) source}; the
         * engine's variables go on top. The executable is looked up on its {@code PATH}. For tests.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * The emulator's environment, from which workers get only the {@linkplain
         * ProcessEnvironment#base(Map) base}; default this process's. Ignored once {@link
         * #environment(Map)} is given.
         */
        public Builder sourceEnvironment(Map<String, String> source) {
            this.sourceEnvironment = Map.copyOf(source);
            return this;
        }

        /** Lines of output kept per worker; default 1000. */
        public Builder logTailLines(int lines) {
            if (lines < 1) {
                throw new IllegalArgumentException("logTailLines must be at least 1, was " + lines);
            }
            this.logTailLines = lines;
            return this;
        }

        /** How often {@code /health} is polled while a worker starts; default 50 ms. */
        public Builder healthPollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("healthPollInterval must be positive, was " + interval);
            }
            this.healthPollInterval = interval;
            return this;
        }

        /** Time between SIGTERM and SIGKILL on {@link #close()} and at JVM shutdown; default 5 s. */
        public Builder shutdownGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, was " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Whether each worker runs in its own session, watched by a process that stops it when the
         * emulator is killed with SIGKILL; default true (where {@code setsid} exists).
         */
        public Builder orphanWatchdog(boolean enabled) {
            this.orphanWatchdog = enabled;
            return this;
        }

        public ProcessWorkerLauncher build() {
            return new ProcessWorkerLauncher(this);
        }
    }
}
