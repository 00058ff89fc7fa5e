package dev.jls.emulator;

import dev.jls.emulator.internal.core.ClusterStore;
import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.core.CoreSettings;
import dev.jls.emulator.internal.core.GpuAllocator;
import dev.jls.emulator.internal.core.GpuPrices;
import dev.jls.emulator.internal.core.VirtualClock;
import dev.jls.emulator.internal.core.WorkerLauncher;
import dev.jls.emulator.internal.engine.EngineClients;
import dev.jls.emulator.internal.gpu.GpuInventory;
import dev.jls.emulator.internal.gpu.GpuPool;
import dev.jls.emulator.internal.gpu.GpuPoolAllocator;
import dev.jls.emulator.internal.http.EmulatorServer;
import dev.jls.emulator.internal.io.IoThreads;
import dev.jls.emulator.internal.kubernetes.KubernetesWorkers;
import dev.jls.emulator.internal.store.DataDir;
import dev.jls.emulator.internal.store.SqliteStore;
import dev.jls.emulator.internal.workers.EngineRegistry;
import dev.jls.emulator.internal.workers.FaultInjector;
import dev.jls.emulator.internal.workers.PortPool;
import dev.jls.emulator.internal.workers.ProcessWorkerLauncher;
import dev.jls.emulator.internal.workers.VllmEngine;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * A local JarvisLabs Serverless: the HTTP API of API.md on one host and port, each worker a real
 * process (vLLM on local GPUs, else the simulated engine).
 *
 * <pre>{@code
 * EmulatorOptions options = new EmulatorOptions().gpus("H100:2");
 * try (JlsEmulator emulator = JlsEmulator.builder().options(options).build().start()) {
 *   JlsClient client = JlsClient.builder()
 *       .baseUrl(emulator.baseUrl()).apiKey(emulator.apiKey()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the server and every worker process; none outlives it. Thread-safe.
 */
public final class JlsEmulator implements AutoCloseable {

    private final EmulatorOptions options;
    private final List<String> apiKeys;
    private final WorkerLauncher customLauncher;
    private final GpuAllocator customGpus;
    private final KubernetesWorkers.Connection kubernetes;
    private final Duration logPing;
    private final Instant virtualStart;
    private ControlPlane plane;
    private EmulatorServer server;
    private IoThreads io;
    private EmulatorFaults faults;
    private String engineDescription = "";
    private String gpuDescription = "";
    private boolean started;
    private boolean closed;

    private JlsEmulator(Builder b) {
        this.options = new EmulatorOptions(b.options);
        this.options.validate();
        List<String> keys = options.apiKeys();
        if (!keys.isEmpty()) {
            this.apiKeys = keys;
        } else {
            // with a data directory, the made-up key is kept there, so that it reaches the same tenant's
            // deployments after a restart
            this.apiKeys =
                    List.of(options.dataDir().map(d -> new DataDir(d).apiKey()).orElseGet(JlsEmulator::randomKey));
        }
        this.customLauncher = b.launcher;
        this.customGpus = b.gpus;
        this.kubernetes = b.kubernetes;
        this.logPing = b.logPing;
        this.virtualStart = b.virtualStart;
    }

    /** A builder with the defaults of {@link EmulatorOptions} (a free port among them). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server and returns once it listens; workers start as deployments ask for them.
     *
     * @throws IllegalStateException when already started or closed
     * @throws IllegalArgumentException when an option cannot be used (e.g. a bad {@code --gpus})
     */
    public synchronized JlsEmulator start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the emulator was closed" : "already started");
        }
        started = true;
        WorkerLauncher launcher = null;
        FaultInjector injector = null;
        try {
            GpuAllocator gpus;
            Set<String> frameworks = new LinkedHashSet<>();
            frameworks.add("vllm");
            if (customLauncher != null) {
                launcher = customLauncher;
                gpus = customGpus != null
                        ? customGpus
                        : new GpuPoolAllocator(new GpuPool(GpuInventory.fromOptions(options.gpus())));
                engineDescription = "custom worker launcher";
                gpuDescription = "";
            } else if (options.launcher() == LauncherChoice.KUBERNETES) {
                // the only place that reaches the Kubernetes client's classes
                KubernetesWorkers.Started pods = KubernetesWorkers.start(options, kubernetes);
                gpuDescription = pods.inventory().description();
                gpus = customGpus != null ? customGpus : new GpuPoolAllocator(new GpuPool(pods.inventory()));
                engineDescription = pods.engineDescription();
                frameworks.addAll(pods.frameworks());
                injector = pods.launcher();
                launcher = injector;
            } else {
                GpuInventory inventory = GpuInventory.fromOptions(options.gpus());
                gpuDescription = inventory.description();
                gpus = customGpus != null ? customGpus : new GpuPoolAllocator(new GpuPool(inventory));
                EngineRegistry engines = EngineRegistry.builder()
                        .choice(options.engine())
                        .gpuInventory(inventory)
                        .vllm(new VllmEngine(options.vllmExecutable(), options.vllmStartTimeout(), PortPool.shared()))
                        .engineCommandOptions(options.engineCommands())
                        .build();
                engineDescription = engines.reason();
                frameworks.addAll(engines.engineCommands().keySet());
                injector = FaultInjector.of(
                        ProcessWorkerLauncher.builder(engines)
                                .shutdownGrace(options.workerStopGrace())
                                .build(),
                        engines);
                launcher = injector;
            }
            CoreSettings settings = new CoreSettings(
                    options.queueLimit(),
                    options.resultRetention(),
                    options.workerStartAttempts(),
                    options.workerStartBackoff(),
                    options.deleteGrace(),
                    options.workerStopGrace(),
                    options.crashRetries(),
                    options.unresponsiveTimeout(),
                    options.requestTimeout(),
                    frameworks,
                    new GpuPrices(options.gpuPrices()));
            ClusterStore store = options.dataDir()
                    .<ClusterStore>map(d -> SqliteStore.open(new DataDir(d)))
                    .orElse(ClusterStore.IN_MEMORY);
            io = IoThreads.forThisMachine("jls-io");
            plane = new ControlPlane(
                    settings,
                    launcher,
                    gpus,
                    EngineClients.fromSystemProperty(io),
                    virtualStart != null ? new VirtualClock(virtualStart) : Clock.systemUTC(),
                    store);
            server = new EmulatorServer(
                    plane,
                    options.host(),
                    options.port(),
                    apiKeys,
                    new EmulatorServer.Limits(
                            options.maxBodySize(),
                            options.headerTimeout(),
                            options.bodyTimeout(),
                            options.keepAliveTimeout(),
                            logPing),
                    version(),
                    io,
                    options.adminRoutes() ? Optional.ofNullable(injector) : Optional.empty());
            if (injector != null) {
                plane.addListener(injector);
                faults = new EmulatorFaults(plane, injector);
            }
            server.start();
            return this;
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            if (plane != null) {
                plane.close();
            } else if (launcher != null) {
                launcher.close();
            }
            if (io != null) {
                io.close();
            }
            closed = true;
            throw e;
        }
    }

    /** {@code http://HOST:PORT}, without a trailing slash; the host is 127.0.0.1 when bound to all. */
    public String baseUrl() {
        requireStarted();
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + server.port();
    }

    /**
     * The dashboard's address with a new one-time login token for the first key's tenant: opened in a
     * browser within an hour, it logs that browser in once. Each call makes a new token.
     */
    public String dashboardUrl() {
        requireStarted();
        return baseUrl() + server.dashboardLoginPath(apiKey());
    }

    /** The port the server listens on. */
    public int port() {
        requireStarted();
        return server.port();
    }

    /** The first accepted API key (the random one when none was given). */
    public String apiKey() {
        return apiKeys.get(0);
    }

    /** Every accepted API key, in the order given; each is its own tenant. */
    public List<String> apiKeys() {
        return apiKeys;
    }

    /** Whether the key was made up because none was given (then it is worth printing). */
    public boolean apiKeyGenerated() {
        return options.apiKeys().isEmpty();
    }

    /** Which engine serves framework {@code vllm}, and why; for the start-up message. */
    public String engineDescription() {
        return engineDescription;
    }

    /** The GPU inventory in words; for the start-up message. */
    public String gpuDescription() {
        return gpuDescription;
    }

    /**
     * How many deployments the start brought back from the data directory: 0 without one. Each comes
     * back with no worker and starts its min workers again.
     */
    public int restoredDeployments() {
        requireStarted();
        return plane.restored().deployments();
    }

    /**
     * How many submitted requests the start brought back from the data directory, ended ones (whose
     * answers are still kept) among them: 0 without one.
     */
    public int restoredRequests() {
        requireStarted();
        return plane.restored().requests();
    }

    /**
     * Faults on demand: crash, hang, slow down or fail the workers of a deployment, or one worker, while
     * the emulator runs. Always available from Java; over HTTP with {@link
     * EmulatorOptions#adminRoutes(boolean)}.
     *
     * @throws IllegalStateException when the emulator is not started, or runs workers with a custom
     *     launcher
     */
    public EmulatorFaults faults() {
        requireStarted();
        if (faults == null) {
            throw new IllegalStateException("faults need the emulator's own worker processes, not a custom launcher");
        }
        return faults;
    }

    /**
     * The emulator's clock: {@link EmulatorTime#now()}, and, with virtual time, {@link
     * EmulatorTime#advance}.
     */
    public EmulatorTime time() {
        requireStarted();
        return new EmulatorTime(plane);
    }

    /** What happened in the emulator so far, in order: see {@link EmulatorEvents}. */
    public EmulatorEvents events() {
        requireStarted();
        return new EmulatorEvents(plane.events());
    }

    /**
     * Waits for what the emulator's events show, for up to {@link EmulatorAwait#DEFAULT_TIMEOUT}: see
     * {@link EmulatorAwait}.
     */
    public EmulatorAwait await() {
        requireStarted();
        return new EmulatorAwait(plane.events(), EmulatorAwait.DEFAULT_TIMEOUT);
    }

    /**
     * Starts again from no request and no fault, keeping every deployment and its running workers (the
     * same processes): what tests call between tests ({@code @JlsEmulatorTest(resetBetweenTests = true)}
     * does it after each). Before returning:
     *
     * <ul>
     *   <li>every request of every tenant that has not ended ({@code Queued}, {@code Fetched}, {@code
     *       Processing}) ends {@code Failed} with {@code emulator_reset}: a client waiting on an
     *       OpenAI-compatible route gets a {@code 503}, a long poll its failed answer;
     *   <li>every request is forgotten, with its answer: fetching one answers {@code 404}; idempotency
     *       keys are forgotten too, and the tenants' request counters and latencies ({@code /metrics})
     *       count again from zero;
     *   <li>every fault of every deployment and worker is cleared, and running workers answer normally
     *       again.
     * </ul>
     *
     * <p>The recorded {@link #events()} stay (they are the history the waits of {@link #await()} read,
     * e.g. which workers are ready); the requests that the reset ended show there as {@code Failed}. The
     * clock is not moved back.
     *
     * @return how many requests the reset ended
     * @throws IllegalStateException when the emulator is not started, or closed
     */
    public int reset() {
        requireStarted();
        // requests first: a hung one must not be answered by a worker whose hang was just cleared
        int ended = plane.reset();
        if (faults != null) {
            faults.clearAll();
        }
        return ended;
    }

    /** A copy of the options the emulator runs with. */
    public EmulatorOptions options() {
        return new EmulatorOptions(options);
    }

    public synchronized boolean isRunning() {
        return started && !closed;
    }

    /**
     * Stops the server, fails every request that has not ended (with a data directory, submitted ones
     * are kept as they are for the next start instead), stops every worker process (SIGTERM, then
     * SIGKILL after the stop grace), and writes what is left to the data directory. Returns once the
     * workers are gone. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        if (plane != null) {
            plane.close();
        }
        if (io != null) {
            // last: the engine client's connections live on these threads until the plane has closed
            io.close();
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the emulator is not started");
        }
    }

    private static String randomKey() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return "jls-" + HexFormat.of().formatHex(b);
    }

    /** The emulator's version, from the build. */
    public static String version() {
        try (InputStream in = JlsEmulator.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // the version is only shown; an unreadable file is not worth failing for
        }
        return "unknown";
    }

    /**
     * Builds a {@link JlsEmulator}: its settings are one {@link EmulatorOptions}, given whole. Not
     * thread-safe.
     */
    public static final class Builder {
        private EmulatorOptions options = new EmulatorOptions();
        private WorkerLauncher launcher;
        private GpuAllocator gpus;
        private KubernetesWorkers.Connection kubernetes;
        private Duration logPing = EmulatorServer.Limits.DEFAULT_LOG_PING;
        private Instant virtualStart;

        private Builder() {}

        /**
         * Takes a copy of {@code options}, built in code or read from a command line; default: {@code new
         * EmulatorOptions()}.
         */
        public Builder options(EmulatorOptions options) {
            this.options = new EmulatorOptions(Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Runs the emulator on virtual time, starting at the present moment: its clock stands still
         * until {@link EmulatorTime#advance} moves it. See {@link EmulatorTime}.
         */
        public Builder virtualTime() {
            return virtualTime(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }

        /** Runs the emulator on virtual time, starting at {@code start}. See {@link EmulatorTime}. */
        public Builder virtualTime(Instant start) {
            this.virtualStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /** Runs workers with {@code launcher} instead of real processes (tests of the server). */
        Builder launcher(WorkerLauncher launcher) {
            this.launcher = launcher;
            return this;
        }

        /** Hands out GPUs from {@code gpus} instead of the inventory's pool. */
        Builder gpuAllocator(GpuAllocator gpus) {
            this.gpus = gpus;
            return this;
        }

        /** With {@code --launcher kubernetes}: this cluster instead of the configured one (tests). */
        Builder kubernetes(KubernetesWorkers.Connection connection) {
            this.kubernetes = connection;
            return this;
        }

        /**
         * Sends a followed log stream's {@code : ping} every {@code interval} instead of every 15 s
         * (tests that want to see one).
         */
        Builder logPing(Duration interval) {
            this.logPing = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first bad option
         */
        public JlsEmulator build() {
            return new JlsEmulator(this);
        }
    }
}
