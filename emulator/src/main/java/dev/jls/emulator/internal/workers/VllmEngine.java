package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerEnvironment;
import dev.jls.emulator.internal.core.WorkerLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a real vLLM server: {@code vllm serve <model> --host 127.0.0.1 --port <port>
 * --served-model-name <name> [--tensor-parallel-size <gpus>]} followed by every other {@code args}
 * entry as {@code --<key> <value>} (a value {@code true} as a bare flag), in key order.
 *
 * <p>The process gets the deployment's {@code env}, {@code CUDA_VISIBLE_DEVICES} set to its GPUs, and
 * {@code VLLM_PORT} set to the first of {@value #INTERNAL_PORT_COUNT} consecutive ports reserved for
 * it: vLLM takes the ports it needs internally (distributed init, engine messaging) counting up from
 * {@code VLLM_PORT}, so two workers with their own ranges never race for the same internal port.
 */
public final class VllmEngine implements Engine {

    private static final Pattern MODEL_LOADED = Pattern.compile("\\b(Loading weights|Model loading) took\\b");

    /** The executable run by default, looked up on the worker's {@code PATH}. */
    public static final String DEFAULT_EXECUTABLE = "vllm";

    /** Loading a large model (download included) can take many minutes. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(20);

    /** How many consecutive ports each worker gets for vLLM's internal use. */
    public static final int INTERNAL_PORT_COUNT = 16;

    /** The variable vLLM reads its first internal port from. */
    public static final String VLLM_PORT = WorkerEnvironment.VLLM_PORT;

    // Given by the emulator; in args they would contradict the port it checked or the host it polls.
    private static final Set<String> EMULATOR_ARGS = Set.of("host", "port");
    private static final Set<String> PLACED_ARGS = Set.of("model", "served-model-name");

    private final String executable;
    private final Duration startTimeout;
    private final PortPool ports;

    /** {@code vllm} on {@code PATH}, a 20-minute start timeout, the {@linkplain PortPool#shared() shared} ports. */
    public VllmEngine() {
        this(DEFAULT_EXECUTABLE, DEFAULT_START_TIMEOUT, PortPool.shared());
    }

    /**
     * @param executable the vllm executable: a name looked up on {@code PATH}, or a path
     * @param startTimeout how long a worker may take to answer {@code /health}
     * @param ports where the internal port ranges come from; the launcher's pool, so that the ranges
     *     are given back when the worker ends
     */
    public VllmEngine(String executable, Duration startTimeout, PortPool ports) {
        if (executable.isBlank()) {
            throw new IllegalArgumentException("the vllm executable must not be blank");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("the vllm start timeout must be positive, was " + startTimeout);
        }
        this.executable = executable;
        this.startTimeout = startTimeout;
        this.ports = ports;
    }

    @Override
    public String name() {
        return "vllm";
    }

    /** The executable as configured. */
    public String executable() {
        return executable;
    }

    @Override
    public Duration startTimeout() {
        return startTimeout;
    }

    @Override
    public boolean reportsModelLoading() {
        return true;
    }

    /**
     * vLLM logs {@code Loading weights took …} and {@code Model loading took … GiB and … seconds} once
     * the weights are on the GPUs; what follows (profiling, CUDA graphs) is not downloading.
     */
    @Override
    public boolean isModelLoadedLine(String line) {
        return MODEL_LOADED.matcher(line).find();
    }

    /**
     * Why {@code args} cannot be run by vLLM under the emulator, naming the field (for a 422 at create
     * time); empty when they can. {@code args.host} and {@code args.port} are the emulator's to choose.
     */
    public static Optional<String> checkArgs(Map<String, String> args) {
        for (String key : new TreeMap<>(args).keySet()) {
            String flag = flagName(key);
            if (flag.isEmpty()) {
                return Optional.of("args: an empty key cannot be passed to vllm as a flag");
            }
            if (EMULATOR_ARGS.contains(flag)) {
                return Optional.of("args." + key + " is chosen by the emulator and cannot be set");
            }
        }
        return Optional.empty();
    }

    @Override
    public EngineCommand command(WorkerLaunch launch, int port) {
        checkArgs(launch.args()).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.add("serve");
        command.addAll(Engine.servingArgs(launch, port));
        Map<String, String> rest = new TreeMap<>();
        launch.args().forEach((key, value) -> {
            if (!PLACED_ARGS.contains(flagName(key))) {
                rest.put(flagName(key), value);
            }
        });
        int gpus = launch.gpus().size();
        if (gpus > 1 && !rest.containsKey("tensor-parallel-size")) {
            command.add("--tensor-parallel-size");
            command.add(Integer.toString(gpus));
        }
        rest.forEach((flag, value) -> {
            command.add("--" + flag);
            if (!"true".equalsIgnoreCase(value.strip())) {
                command.add(value);
            }
        });

        Map<String, String> environment = ProcessEnvironment.of(launch);
        int internalBase = ports.reserveRange(PortPool.workerHolder(launch.workerId()), INTERNAL_PORT_COUNT);
        environment.put(VLLM_PORT, Integer.toString(internalBase));
        return new EngineCommand(command, environment);
    }

    // Keys may be written as vLLM's flags are (`--max-model-len`) or bare (`max-model-len`).
    private static String flagName(String key) {
        String flag = key.strip();
        while (flag.startsWith("-")) {
            flag = flag.substring(1);
        }
        return flag;
    }
}
