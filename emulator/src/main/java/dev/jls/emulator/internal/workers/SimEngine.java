package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.sim.SimEngineMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the simulated engine as its own JVM: {@code java <flags> -cp <classpath>
 * dev.jls.emulator.internal.sim.SimEngineMain <model> --host 127.0.0.1 --port <port> --served-model-name
 * <name> [--max-model-len <L>]}, with the deployment's {@code env} (the {@code JLS_SIM_*} knobs) and
 * {@code CUDA_VISIBLE_DEVICES}.
 *
 * <p>The flags and the classpath are the engine's own ({@link SimEngineMain}): the classpath is read
 * from where its classes and Jackson's were loaded, so it works alike from {@code target/classes}
 * (tests) and from the shaded {@code jls-emulator.jar}.
 */
public final class SimEngine implements Engine {

    /** A simulated worker starts in well under a second unless its env asks for a slow start. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private final Path java;
    private final List<String> jvmFlags;
    private final List<Path> classpath;
    private final String mainClass;
    private final Duration startTimeout;

    /**
     * The current JVM's {@code java}, with the engine's own {@link SimEngineMain#recommendedJvmFlags()
     * flags} and {@link SimEngineMain#classpath() classpath}.
     */
    public SimEngine() {
        this(
                currentJava(),
                SimEngineMain.recommendedJvmFlags(),
                SimEngineMain.classpath(),
                SimEngineMain.MAIN_CLASS,
                DEFAULT_START_TIMEOUT);
    }

    /**
     * @param java the {@code java} executable
     * @param jvmFlags flags placed before {@code -cp}
     * @param classpath the worker JVM's classpath
     * @param mainClass the class to run, {@link SimEngineMain#MAIN_CLASS} but in tests
     * @param startTimeout how long a worker may take to answer {@code /health}
     */
    public SimEngine(Path java, List<String> jvmFlags, List<Path> classpath, String mainClass, Duration startTimeout) {
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("the simulated engine needs a classpath");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive, was " + startTimeout);
        }
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.classpath = List.copyOf(classpath);
        this.mainClass = mainClass;
        this.startTimeout = startTimeout;
    }

    /** This engine with another start timeout. */
    public SimEngine withStartTimeout(Duration timeout) {
        return new SimEngine(java, jvmFlags, classpath, mainClass, timeout);
    }

    @Override
    public String name() {
        return "sim";
    }

    @Override
    public Duration startTimeout() {
        return startTimeout;
    }

    /** The classpath the worker JVM gets. */
    public List<Path> classpath() {
        return classpath;
    }

    @Override
    public EngineCommand command(WorkerLaunch launch, int port) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(Engine.servingArgs(launch, port));
        String maxModelLen = launch.args().get("max-model-len");
        if (maxModelLen != null && !maxModelLen.isBlank()) {
            command.add("--max-model-len");
            command.add(maxModelLen.strip());
        }
        return new EngineCommand(command, ProcessEnvironment.of(launch));
    }

    /** The {@code java} executable of the JVM this runs in. */
    public static Path currentJava() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome;
        }
        return ProcessHandle.current()
                .info()
                .command()
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot find the java executable of this JVM"));
    }
}
