package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.WorkerEnvironment;
import dev.jls.emulator.internal.core.WorkerLaunch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a worker process's environment is made of, in this order, each layer over the one before:
 *
 * <ol>
 *   <li>the <em>base</em>: the few variables of the emulator's own environment that an engine needs
 *       to run at all ({@link #base(Map)}), never the whole of it. The emulator's environment may
 *       hold its operator's secrets ({@code JL_API_KEY}, {@code HF_TOKEN}, cloud credentials) and
 *       settings that load code into every JVM or process started from it ({@code
 *       JAVA_TOOL_OPTIONS}); a worker runs a tenant's model and arguments and must get neither.
 *   <li>the deployment's {@code env}, checked at create (names that change how a runtime loads code
 *       are refused there);
 *   <li>the emulator's own variables, {@link WorkerEnvironment#EMULATOR_VARIABLES}, last, so that no
 *       deployment can move a worker onto GPUs or ports it does not hold.
 * </ol>
 */
public final class ProcessEnvironment {

    /**
     * The variables of the emulator's environment a worker gets, by exact name: where programs are
     * ({@code PATH}), who and where the user is ({@code HOME}, {@code USER}, {@code LOGNAME}), the
     * locale and time zone, the temporary directory, the operator's {@code LD_LIBRARY_PATH} (CUDA
     * installs often need it; a deployment cannot set it), and where Hugging Face and other caches live,
     * so that workers share the models already downloaded.
     */
    public static final Set<String> BASE_NAMES = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "LANG",
            "LANGUAGE",
            "TZ",
            "TMPDIR",
            "TMP",
            "TEMP",
            "LD_LIBRARY_PATH",
            "HF_HOME",
            "HF_HUB_CACHE",
            "HF_HUB_OFFLINE",
            "TRANSFORMERS_CACHE",
            "XDG_CACHE_HOME");

    /**
     * The variables of the emulator's environment a worker gets, by prefix: the locale categories
     * ({@code LC_ALL}, {@code LC_CTYPE}, …) and the CUDA and NVIDIA settings of the machine ({@code
     * CUDA_HOME}, {@code NVIDIA_DRIVER_CAPABILITIES}, …).
     */
    public static final List<String> BASE_PREFIXES = List.of("LC_", "CUDA_", "NVIDIA_");

    /**
     * Words that mark a variable as a secret: one holding any of them as a {@code _}-separated part is
     * never in the base, even under an allowed prefix (e.g. {@code NVIDIA_API_KEY}).
     */
    public static final Set<String> SECRET_WORDS =
            Set.of("KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "CREDENTIALS");

    private ProcessEnvironment() {}

    /**
     * The base environment of every worker, taken from {@code source} (the emulator's environment): the
     * {@linkplain #BASE_NAMES names} and {@linkplain #BASE_PREFIXES prefixes} above, less any name that
     * {@linkplain #SECRET_WORDS looks like a secret}. Everything else, {@code JL_API_KEY}, {@code
     * HF_TOKEN} and {@code JAVA_TOOL_OPTIONS} among it, stays with the emulator.
     */
    public static Map<String, String> base(Map<String, String> source) {
        Map<String, String> base = new TreeMap<>();
        source.forEach((name, value) -> {
            if (inBase(name)) {
                base.put(name, value);
            }
        });
        return base;
    }

    /** Whether the emulator's variable {@code name} is passed on to workers. */
    public static boolean inBase(String name) {
        boolean allowed = BASE_NAMES.contains(name) || BASE_PREFIXES.stream().anyMatch(name::startsWith);
        return allowed && !looksSecret(name);
    }

    private static boolean looksSecret(String name) {
        for (String word : name.toUpperCase(Locale.ROOT).split("_")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The deployment's {@code env}, then {@code CUDA_VISIBLE_DEVICES} set to the worker's GPU indices
     * (empty when it holds none, so that it sees no GPU rather than every GPU). The emulator's own
     * variables come last so that a deployment cannot move a worker onto GPUs it does not hold.
     */
    static Map<String, String> of(WorkerLaunch launch) {
        Map<String, String> environment = new LinkedHashMap<>(launch.env());
        environment.put(WorkerEnvironment.CUDA_VISIBLE_DEVICES, gpuIndices(launch.gpus()));
        return environment;
    }

    /** The GPUs' indices as a comma-separated list, e.g. {@code 2,3}. */
    static String gpuIndices(List<Gpu> gpus) {
        return gpus.stream().map(gpu -> Integer.toString(gpu.index())).collect(Collectors.joining(","));
    }
}
