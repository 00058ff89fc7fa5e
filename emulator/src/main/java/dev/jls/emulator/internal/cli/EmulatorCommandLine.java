package dev.jls.emulator.internal.cli;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.LauncherChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The emulator's options as a command line reads them: the runnable jar's and {@code jls emulator
 * start}'s. {@link EmulatorOptions} stays plain Java; this table maps each option's name, label and
 * help onto that type's own accessors, so an option is declared once, here, and set through the one
 * setter {@link EmulatorOptions} has.
 *
 * <p>A command takes the options by implementing {@link Command} and naming {@link Mixer} as its
 * {@code modelTransformer}; the mixin is registered under the name {@value #MIXIN}.
 */
public final class EmulatorCommandLine {

    /** The command line's port; the Java API's default is 0, a free port. */
    public static final int DEFAULT_PORT = 8765;

    /** The name the options' mixin has in a command's spec. */
    public static final String MIXIN = "options";

    /**
     * A warning for a process whose own command line holds {@code --api-key}: any process of the
     * machine, a worker of any tenant among them, can read it ({@code /proc/PID/cmdline}, {@code ps}).
     */
    public static final String COMMAND_LINE_KEY_WARNING =
            "warning: --api-key puts the key on this process's command line, which every process on this"
                    + " machine (workers included) can read; use --api-key-file FILE instead";

    private EmulatorCommandLine() {}

    /** The options before anything is read: the library's defaults, with the command line's port. */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions().port(DEFAULT_PORT);
    }

    /** A command whose options include the emulator's, read into {@link #emulatorOptions()}. */
    public interface Command {
        EmulatorOptions emulatorOptions();
    }

    /** Adds the emulator's options to a {@link Command}'s spec, as its {@code modelTransformer}. */
    public static final class Mixer implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (!(spec.userObject() instanceof Command command)) {
                throw new IllegalStateException(spec.userObject() + " does not implement " + Command.class.getName());
            }
            spec.addMixin(MIXIN, mixin(command.emulatorOptions()));
            return spec;
        }
    }

    /** A picocli mixin whose options write into {@code options}; its help shows {@link #defaults()}. */
    public static CommandSpec mixin(EmulatorOptions options) {
        Table t = new Table(options);
        t.add(
                "--port",
                "PORT",
                int.class,
                EmulatorOptions::port,
                EmulatorOptions::port,
                "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).");
        t.add(
                "--host",
                "HOST",
                String.class,
                EmulatorOptions::host,
                EmulatorOptions::host,
                "Address to bind (default: ${DEFAULT-VALUE}); 0.0.0.0 opens it to the network.");
        t.repeatable(
                "--api-key",
                "KEY",
                EmulatorOptions::listedApiKeys,
                EmulatorOptions::apiKeys,
                "An accepted API key; repeat for several, each its own tenant. "
                        + "None given: a random key, printed at start.");
        t.add(
                "--api-key-file",
                "FILE",
                Path.class,
                o -> o.apiKeyFile().orElse(null),
                EmulatorOptions::apiKeyFile,
                "A file of accepted API keys, one per line (blank lines and # comments ignored), "
                        + "added to --api-key's; keeps keys off the command line, where ps shows them.");
        t.add(
                "--gpus",
                "SPEC",
                String.class,
                o -> o.gpus().orElse(null),
                EmulatorOptions::gpus,
                "A simulated GPU inventory, e.g. H100:4,L4:2 (overrides nvidia-smi). "
                        + "Default: the GPUs nvidia-smi finds, else 8 simulated GPUs of any type.");
        t.add(
                        "--engine",
                        "ENGINE",
                        EngineChoice.class,
                        EmulatorOptions::engine,
                        EmulatorOptions::engine,
                        "Engine for framework vllm: auto (vLLM where GPUs and vllm are found, else the "
                                + "simulated engine), sim, or vllm (default: auto).")
                .converters(EngineChoice::of);
        t.add(
                        "--launcher",
                        "LAUNCHER",
                        LauncherChoice.class,
                        EmulatorOptions::launcher,
                        EmulatorOptions::launcher,
                        "Where workers run: local (processes of this machine) or kubernetes (one pod each;"
                                + " see the --k8s-* options and docs/kubernetes.md) (default: local).")
                .converters(LauncherChoice::of);
        t.add(
                "--k8s-namespace",
                "NAMESPACE",
                String.class,
                o -> o.k8sNamespace().orElse(null),
                EmulatorOptions::k8sNamespace,
                "The namespace of the worker pods (default: the Kubernetes configuration's).");
        t.add(
                "--k8s-image",
                "IMAGE",
                String.class,
                o -> o.k8sImage().orElse(null),
                EmulatorOptions::k8sImage,
                "The worker pods' image, needed with --launcher kubernetes: vLLM's OpenAI server image,"
                        + " or one holding the emulator jar for the simulated engine.");
        t.repeatable(
                "--k8s-image-pull-secret",
                "NAME",
                EmulatorOptions::k8sImagePullSecrets,
                EmulatorOptions::k8sImagePullSecrets,
                "A Secret the worker pods' image is pulled with; repeatable.");
        t.repeatable(
                "--k8s-gpu-product",
                "TYPE=PRODUCT",
                EmulatorOptions::k8sGpuProducts,
                EmulatorOptions::k8sGpuProducts,
                "The nvidia.com/gpu.product node label of GPU type TYPE, e.g."
                        + " H100=NVIDIA-H100-80GB-HBM3; repeatable (default: a node's product names its"
                        + " type, NVIDIA-H100-80GB-HBM3 being H100).");
        t.add(
                "--k8s-access",
                "MODE",
                String.class,
                EmulatorOptions::k8sAccess,
                EmulatorOptions::k8sAccess,
                "How the worker pods are reached: pod-ip, port-forward, or auto (pod-ip inside a"
                        + " cluster, else port-forward) (default: ${DEFAULT-VALUE}).");
        t.add(
                "--k8s-instance",
                "NAME",
                String.class,
                EmulatorOptions::k8sInstance,
                EmulatorOptions::k8sInstance,
                "This emulator's name in its pods' labels; at start the pods an earlier run of the same"
                        + " name left are removed (default: ${DEFAULT-VALUE}).");
        t.repeatable(
                "--engine-command",
                "FRAMEWORK=TEMPLATE",
                EmulatorOptions::engineCommands,
                EmulatorOptions::engineCommands,
                "The command that starts a worker of FRAMEWORK (e.g. sglang), with "
                        + "placeholders such as {port} and {model}; repeatable.");
        t.add(
                "--vllm-executable",
                "PATH",
                String.class,
                EmulatorOptions::vllmExecutable,
                EmulatorOptions::vllmExecutable,
                "The vllm executable (default: ${DEFAULT-VALUE} on PATH).");
        t.duration(
                "--vllm-start-timeout",
                EmulatorOptions::vllmStartTimeout,
                EmulatorOptions::vllmStartTimeout,
                "How long a vLLM worker may take to become healthy (default: 20m).");
        t.add(
                "--queue-limit",
                "N",
                int.class,
                EmulatorOptions::queueLimit,
                EmulatorOptions::queueLimit,
                "Requests one deployment may hold waiting; past it, 429 (default: ${DEFAULT-VALUE}).");
        t.duration(
                "--result-retention",
                EmulatorOptions::resultRetention,
                EmulatorOptions::resultRetention,
                "How long finished results can be fetched; then 410 (default: 1h).");
        t.add(
                        "--max-body-size",
                        "SIZE",
                        long.class,
                        EmulatorOptions::maxBodySize,
                        EmulatorOptions::maxBodySize,
                        "Largest request body accepted; larger ones get 413 (default: 10MiB).")
                .converters(new SizeSyntax.Converter());
        t.duration(
                "--header-timeout",
                EmulatorOptions::headerTimeout,
                EmulatorOptions::headerTimeout,
                "How long a request's line and headers may take to arrive once begun; then the "
                        + "connection is closed (default: 30s).");
        t.duration(
                "--body-timeout",
                EmulatorOptions::bodyTimeout,
                EmulatorOptions::bodyTimeout,
                "How long a request body may take to arrive, from the end of the headers; then "
                        + "408 and the connection is closed (default: 60s).");
        t.duration(
                "--keep-alive-timeout",
                EmulatorOptions::keepAliveTimeout,
                EmulatorOptions::keepAliveTimeout,
                "How long a connection may stay open with no request under way (default: 60s).");
        t.add(
                "--worker-start-attempts",
                "N",
                int.class,
                EmulatorOptions::workerStartAttempts,
                EmulatorOptions::workerStartAttempts,
                "Worker start failures in a row after which a deployment fails " + "(default: ${DEFAULT-VALUE}).");
        t.duration(
                "--worker-start-backoff",
                EmulatorOptions::workerStartBackoff,
                EmulatorOptions::workerStartBackoff,
                "Wait after a worker start failure, doubling with each further one (default: 1s).");
        t.duration(
                "--worker-stop-grace",
                EmulatorOptions::workerStopGrace,
                EmulatorOptions::workerStopGrace,
                "Time between SIGTERM and SIGKILL when a worker stops (default: 5s).");
        t.duration(
                "--delete-grace",
                EmulatorOptions::deleteGrace,
                EmulatorOptions::deleteGrace,
                "How long a deleted deployment's requests may take to finish (default: 10s).");
        t.add(
                "--crash-retries",
                "N",
                int.class,
                EmulatorOptions::crashRetries,
                EmulatorOptions::crashRetries,
                "Times a request whose worker died is tried again on another (default: ${DEFAULT-VALUE}).");
        t.duration(
                "--unresponsive-timeout",
                EmulatorOptions::unresponsiveTimeout,
                EmulatorOptions::unresponsiveTimeout,
                "How long a worker with requests in flight may leave its health check unanswered,"
                        + " or make no progress, before it is killed and replaced (default: 10s).");
        t.add(
                "--data-dir",
                "DIR",
                Path.class,
                o -> o.dataDir().orElse(null),
                EmulatorOptions::dataDir,
                "Keep deployments and accepted requests in DIR (created, owner-only, if missing), so that"
                        + " they survive a restart or a crash. Default: in memory only; jls emulator start"
                        + " uses a data directory unless --ephemeral.");
        t.repeatable(
                "--gpu-price",
                "TYPE=PRICE",
                EmulatorOptions::gpuPriceEntries,
                EmulatorOptions::gpuPrices,
                "The price of one hour of one GPU of TYPE, in USD, e.g. H100=2.49; repeatable, or"
                        + " comma-separated. Deployments' total_cost adds up their workers' GPU time at these"
                        + " prices (default: none, every cost 0).");
        t.duration(
                "--request-timeout",
                EmulatorOptions::requestTimeout,
                EmulatorOptions::requestTimeout,
                "How long a request may take from acceptance to its end before it fails with"
                        + " request_timeout (default: 30m).");
        t.add(
                        "--admin-routes",
                        "BOOLEAN",
                        boolean.class,
                        EmulatorOptions::adminRoutes,
                        EmulatorOptions::adminRoutes,
                        "Answer the emulator's own /_emulator/... admin routes, which inject faults into"
                                + " deployments and workers for tests (default: off).")
                .arity("0..1");
        return t.build();
    }

    /**
     * Builds the options of one mixin. Each option reads and writes {@code options} through its
     * accessors; its initial value (picocli's {@code ${DEFAULT-VALUE}}) is read from {@link #defaults()}.
     */
    private static final class Table {
        final CommandSpec spec = CommandSpec.create();
        final List<OptionSpec.Builder> pending = new ArrayList<>();
        final EmulatorOptions options;
        final EmulatorOptions defaults = defaults();

        Table(EmulatorOptions options) {
            this.options = options;
        }

        <T> OptionSpec.Builder add(
                String name,
                String label,
                Class<T> type,
                Function<EmulatorOptions, T> get,
                BiConsumer<EmulatorOptions, T> set,
                String description) {
            OptionSpec.Builder b = OptionSpec.builder(name)
                    .paramLabel(label)
                    .type(type)
                    .description(description)
                    .initialValue(get.apply(defaults))
                    .hasInitialValue(true)
                    .getter(new CommandLine.Model.IGetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <V> V get() {
                            return (V) get.apply(options);
                        }
                    })
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <V> V set(V value) {
                            V previous = (V) get.apply(options);
                            set.accept(options, (T) value);
                            return previous;
                        }
                    });
            pending.add(b);
            return b;
        }

        void duration(
                String name,
                Function<EmulatorOptions, Duration> get,
                BiConsumer<EmulatorOptions, Duration> set,
                String description) {
            add(name, "DURATION", Duration.class, get, set, description).converters(new DurationSyntax.Converter());
        }

        /** A repeatable option; picocli hands the setter every value so far each time. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        void repeatable(
                String name,
                String label,
                Function<EmulatorOptions, List<String>> get,
                BiConsumer<EmulatorOptions, List<String>> set,
                String description) {
            add(
                            name,
                            label,
                            (Class) List.class,
                            (Function) o -> new ArrayList<>(get.apply((EmulatorOptions) o)),
                            (BiConsumer)
                                    (o, v) -> set.accept((EmulatorOptions) o, v == null ? List.of() : (List<String>) v),
                            description)
                    .auxiliaryTypes(String.class);
        }

        CommandSpec build() {
            pending.forEach(b -> spec.addOption(b.build()));
            return spec;
        }
    }
}
