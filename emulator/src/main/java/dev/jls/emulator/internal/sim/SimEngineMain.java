package dev.jls.emulator.internal.sim;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated engine: a process that speaks vLLM's OpenAI-compatible API (ENGINE.md) without a model,
 * so a deployment's workers run anywhere.
 *
 * <p>Command line, as {@code vllm serve}'s: {@code <model> --host H --port P [--served-model-name N
 * ...] [--max-model-len L] [--max-num-seqs S]}; other {@code --flags} are accepted and logged as
 * ignored (see {@link SimEngineArgs}). A command line that cannot be read exits with status 2. Pace and
 * faults come from {@code JLS_SIM_*} environment variables (see {@link SimSettings}).
 *
 * <p>Routes: {@code GET /health}, {@code GET /v1/models}, {@code POST /v1/chat/completions}, {@code
 * POST /v1/completions}, {@code GET /metrics}, and the emulator's own {@code POST /_sim/faults}, which
 * changes pace and faults at run time. Nothing listens until the start-up time has passed. On
 * SIGTERM the engine stops accepting connections, lets in-flight requests finish at once (pacing and
 * hangs end) and exits with status 0. It logs to stdout: start-up lines, then one line per request with
 * its id and token counts.
 *
 * <p>A launcher starts it with {@link #javaCommand(List)}, or builds the command itself from {@link
 * #recommendedJvmFlags()} and {@link #classpath()}.
 */
public final class SimEngineMain {

    /** The fully qualified name of this class, for command lines. */
    public static final String MAIN_CLASS = "dev.jls.emulator.internal.sim.SimEngineMain";

    private static final long SHUTDOWN_GRACE_NANOS = 2_000_000_000L;

    private SimEngineMain() {}

    /**
     * The JVM flags for a worker, chosen for a fast start and a small resident set; one JVM runs per
     * worker, so every megabyte counts several times over.
     *
     * <ul>
     *   <li>{@code -XX:+UseSerialGC}: one-thread collector with the least bookkeeping memory; the heap is
     *       tiny, so pauses are too.
     *   <li>{@code -XX:TieredStopAtLevel=1}: C1 only. The engine's hot paths are short; C2's compiler
     *       threads and code would cost memory and start-up time for no gain that matters here.
     *   <li>{@code -XX:CICompilerCount=1}: one compiler thread is enough for C1 alone.
     *   <li>{@code -Xss256k}: request threads are shallow; a quarter of the default stack each.
     *   <li>{@code -Xms8m -Xmx64m}: start with a small heap and cap it; a worker holds little beyond the
     *       answers in flight.
     *   <li>{@code -XX:MaxMetaspaceSize=32m}, {@code -XX:ReservedCodeCacheSize=16m}: bounds far above what
     *       the engine uses (a few MiB each), so growth is a visible error, not silent bloat.
     *   <li>{@code -XX:-UsePerfData}: no shared hsperfdata file to create and map at start.
     *   <li>{@code -Xshare:auto}: map the JDK's class-data archive when there is one (faster class
     *       loading), run without it when there is not.
     * </ul>
     */
    public static List<String> recommendedJvmFlags() {
        return List.of(
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-Xss256k",
                "-Xms8m",
                "-Xmx64m",
                "-XX:MaxMetaspaceSize=32m",
                "-XX:ReservedCodeCacheSize=16m",
                "-XX:-UsePerfData",
                "-Xshare:auto");
    }

    /**
     * What the engine needs on its class path: the location of its own classes and of Jackson's
     * streaming core (one entry when both come from the same jar).
     */
    public static List<Path> classpath() {
        Set<Path> paths = new LinkedHashSet<>();
        for (Class<?> type : List.of(SimEngineMain.class, JsonFactory.class)) {
            try {
                paths.add(Path.of(
                        type.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
            }
        }
        return List.copyOf(paths);
    }

    /**
     * The full command that starts the engine with this JVM's {@code java} executable, {@link
     * #recommendedJvmFlags()}, {@link #classpath()} and {@code engineArgs} (the vLLM-style command line).
     */
    public static List<String> javaCommand(List<String> engineArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(recommendedJvmFlags());
        command.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (Path path : classpath()) {
            if (cp.length() > 0) {
                cp.append(File.pathSeparatorChar);
            }
            cp.append(path);
        }
        command.add(cp.toString());
        command.add(MAIN_CLASS);
        command.addAll(engineArgs);
        return command;
    }

    /** Runs the engine until SIGTERM; see the class comment for the command line. */
    public static void main(String[] argv) {
        // Streams send many small writes; without this, Nagle's algorithm delays them.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        List<String> list = Arrays.asList(argv);
        if (list.contains("--help") || list.contains("-h")) {
            System.out.println(SimEngineArgs.USAGE);
            return;
        }
        SimEngineArgs args;
        SimSettings settings;
        try {
            args = SimEngineArgs.parse(list);
            settings = SimSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(SimEngineArgs.USAGE);
            System.err.println("SimEngineMain: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(args, settings);
    }

    private static void run(SimEngineArgs args, SimSettings settings) {
        System.setOut(new PrintStream(
                new BatchedOutput(new FileOutputStream(FileDescriptor.out)), false, StandardCharsets.UTF_8));
        SimEngineCore engine = new SimEngineCore(args, settings, System.out);
        engine.info("jls simulated engine (vLLM-compatible API, no model), pid "
                + ProcessHandle.current().pid());
        engine.info("model "
                + args.model()
                + ", served as "
                + args.servedModelNames()
                + ", max-model-len "
                + args.maxModelLen()
                + ", max-num-seqs "
                + args.maxNumSeqs());
        for (String flag : args.ignored()) {
            engine.info("ignoring " + flag + " (the simulated engine has no model to apply it to)");
        }
        engine.info(settings.describe());

        AtomicReference<SimHttpServer> serving = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(engine, serving.get()), "sim-shutdown"));

        if (!settings.startup().isZero()) {
            engine.info("loading (simulated) for " + settings.startup().toMillis() + " ms");
            // parkNanos may return early; nothing may listen before the start-up time has passed.
            long deadline = System.nanoTime() + settings.startup().toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        }
        if (settings.startFailure().isPresent()) {
            engine.error("engine failed to start: "
                    + settings.startFailure().get()
                    + " ("
                    + SimSettings.START_FAILURE
                    + ")");
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        SimHttpServer server = new SimHttpServer(engine);
        try {
            server.start(args.host(), args.port());
        } catch (IOException e) {
            engine.error("cannot listen on " + args.host() + ":" + args.port() + ": " + e);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
        serving.set(server);
        engine.info("Started server process on http://" + args.host() + ":" + server.port());
        engine.info("Application startup complete.");
    }

    /** SIGTERM: stop taking connections, let in-flight requests end at once, exit 0. */
    private static void shutDown(SimEngineCore engine, SimHttpServer server) {
        engine.info("Shutting down");
        engine.beginShutdown();
        if (server != null) {
            // The JDK 17 server's stop(delay) always waits the whole delay, so wait for the in-flight
            // requests here (they end at once now) and then close at once.
            long deadline = System.nanoTime() + SHUTDOWN_GRACE_NANOS;
            while (engine.metrics().running.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(5_000_000);
            }
            server.stop(0);
        }
        engine.info("Finished server process");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
