package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.BaseCommand;
import dev.jls.cli.CommandFailure;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Jls;
import dev.jls.cli.Output;
import dev.jls.cli.Profile;
import dev.jls.cli.ServerLogs;
import dev.jls.cli.Words;
import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.JlsEmulator;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.emulator.internal.cli.EmulatorCommandLine;
import dev.jls.emulator.internal.store.DataDir;
import dev.jls.emulator.internal.store.SqliteStore;
import dev.jls.emulator.internal.store.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code jls emulator start}: the emulator with its own options (those its runnable jar reads), in
 * this terminal until Ctrl-C, or with {@code --detach} as a background JVM. Either way it prints the
 * base URL and the key and saves them as the profile {@code emulator}.
 */
@Command(
        name = "start",
        sortOptions = false,
        modelTransformer = EmulatorCommandLine.Mixer.class,
        description = {
            "Start the local emulator: in this terminal until Ctrl-C, or in the background with --detach.",
            "Prints its base URL and API key, saves them as the profile 'emulator' and makes it the current"
                    + " profile, so jls commands go to it (even with $JL_API_KEY set) until `jls profile use`"
                    + " chooses another. Without --api-key a random key is made; keys from"
                    + " --api-key-file are counted, not printed. --api-key in the foreground leaves the key"
                    + " on this process's command line, where any process of the machine can read it.",
            "Examples:",
            "  jls emulator start --detach",
            "  jls emulator start --port 9000 --api-key my-key --gpus H100:4,L4:2"
        })
public final class EmulatorStart extends BaseCommand implements EmulatorCommandLine.Command {

    /** The profile the emulator's URL and key are saved under. */
    public static final String PROFILE = Jls.EMULATOR_PROFILE;
    /** The file, in the config directory, that hands a background emulator its keys (0600). */
    static final String KEYS = "emulator.keys";

    final EmulatorOptions options = EmulatorCommandLine.defaults();

    @Option(names = "--detach", description = "Run in the background and return once it answers /healthz.")
    boolean detach;

    @Option(
            names = "--ephemeral",
            description = "Keep nothing: deployments and requests live in memory and are gone when the"
                    + " emulator stops. Default: they are kept in the data directory ($JLS_DATA_DIR, else"
                    + " $XDG_DATA_HOME/jls/emulator, else ~/.local/share/jls/emulator; --data-dir picks"
                    + " another) and come back at the next start.")
    boolean ephemeral;

    @Option(
            names = "--startup-timeout",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long --detach waits for /healthz (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Override
    public EmulatorOptions emulatorOptions() {
        return options;
    }

    @Override
    protected int run() throws Exception {
        ConfigDir dir = jls().configDir();
        Optional<EmulatorState> running =
                EmulatorState.read(dir).filter(s -> s.process().isPresent());
        if (running.isPresent()) {
            throw new CommandFailure(
                    ExitCodes.ERROR,
                    "an emulator is already running at " + running.get().baseUrl() + " (pid "
                            + running.get().pid() + "); stop it first with: jls emulator stop");
        }
        if (ephemeral && options.dataDir().isPresent()) {
            throw usage("--ephemeral and --data-dir cannot be used together: --ephemeral keeps nothing");
        }
        Optional<DataDir> data = ephemeral
                ? Optional.empty()
                : Optional.of(options.dataDir().map(DataDir::new).orElseGet(() -> DataDir.defaultFor(jls().env())));
        data.ifPresent(d -> options.dataDir(d.path()));
        boolean generated = false;
        Optional<Path> keptIn = Optional.empty();
        boolean typed = !options.listedApiKeys().isEmpty();
        if (options.apiKeys().isEmpty() && jls().explicitApiKey().isPresent()) {
            // `jls --api-key K emulator start`: the key written before the command counts too.
            options.addApiKey(jls().explicitApiKey().get());
            typed = true;
        }
        Restored restored = new Restored(0, 0);
        if (data.isPresent()) {
            DataDir d = data.get();
            try {
                // what a start will bring back; a data directory that cannot be used is refused here
                SqliteStore.Contents contents = SqliteStore.contents(d);
                restored = new Restored(contents.deployments(), contents.requests());
                if (options.apiKeys().isEmpty()) {
                    // the key of the last start reaches that start's deployments again
                    generated = d.keptApiKey().isEmpty();
                    options.addApiKey(d.apiKey());
                    keptIn = Optional.of(d.path().resolve(DataDir.API_KEY));
                }
            } catch (StoreException e) {
                throw new CommandFailure(ExitCodes.ERROR, e.getMessage(), e);
            }
        }
        if (options.apiKeys().isEmpty()) {
            options.addApiKey(randomKey());
            generated = true;
        }
        try {
            options.validate();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (typed && !detach) {
            // Detached, the background JVM gets the keys in a file; here this JVM is the emulator.
            output().err().println(EmulatorCommandLine.COMMAND_LINE_KEY_WARNING);
            output().err().flush();
        }
        Keys keys = new Keys(
                generated || keptIn.isPresent() ? List.of(options.apiKeys().get(0)) : options.listedApiKeys(),
                generated,
                keptIn,
                options.apiKeyFile(),
                options.apiKeys().size() - options.listedApiKeys().size());
        return detach ? startDetached(dir, keys, restored) : startHere(dir, keys);
    }

    /** What a start brought back from the data directory. */
    private record Restored(int deployments, int requests) {}

    /**
     * Where the keys came from, for the banner: keys typed on the command line or generated are shown;
     * those of a key file only counted, since the file keeps them off screens and logs too.
     */
    private record Keys(
            List<String> shown, boolean generated, Optional<Path> keptIn, Optional<Path> file, int fromFile) {}

    private int startHere(ConfigDir dir, Keys keys) throws IOException, InterruptedException {
        ServerLogs.quiet(jls().verbose());
        JlsEmulator emulator = JlsEmulator.builder().options(options).build();
        try {
            emulator.start();
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.ERROR, "the emulator could not start: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        EmulatorState state = new EmulatorState(
                ProcessHandle.current().pid(),
                emulator.baseUrl(),
                Optional.empty(),
                OffsetDateTime.now().toString(),
                false,
                options.dataDir());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            EmulatorState.delete(dir);
                            stopped.countDown();
                        },
                        "jls-emulator-stop"));
        state.write(dir);
        saveProfile(emulator.baseUrl(), emulator.apiKey());
        announce(
                state,
                keys,
                new Restored(emulator.restoredDeployments(), emulator.restoredRequests()),
                emulator.engineDescription(),
                emulator.gpuDescription(),
                emulator.dashboardUrl());
        output().note("Press Ctrl-C to stop it and its workers.");
        stopped.await();
        return ExitCodes.OK;
    }

    private int startDetached(ConfigDir dir, Keys keys, Restored restored) throws IOException, InterruptedException {
        if (options.port() == 0) {
            options.port(freePort());
        }
        String baseUrl = "http://" + reachableHost(options.host()) + ":" + options.port();
        dir.create();
        Path log = dir.resolve(EmulatorState.LOG);
        // The keys go to the background JVM in a private file, not on its command line (ps shows that).
        dir.writePrivate(KEYS, String.join("\n", options.apiKeys()) + "\n");
        Process process = EmulatorProcess.launch(forwardedArgs(dir.resolve(KEYS)), log);
        try {
            EmulatorProcess.awaitHealthy(process, baseUrl, options.port(), startupTimeout, log);
        } catch (InterruptedException e) {
            EmulatorProcess.stop(process.toHandle(), Duration.ofSeconds(5));
            Files.deleteIfExists(dir.resolve(KEYS));
            throw e;
        } catch (CommandFailure e) {
            // Nothing of a start that failed is kept: no state, no profile, no key file.
            Files.deleteIfExists(dir.resolve(KEYS));
            throw e;
        }
        EmulatorState state = new EmulatorState(
                process.pid(), baseUrl, Optional.of(log), OffsetDateTime.now().toString(), true, options.dataDir());
        state.write(dir);
        String key = options.apiKeys().get(0);
        saveProfile(baseUrl, key);
        announce(state, keys, restored, null, null, UiCommand.loginUrl(baseUrl, key));
        output().note("It runs in the background (log: " + log + "). Stop it with: jls emulator stop");
        return ExitCodes.OK;
    }

    /**
     * The emulator options exactly as the user typed them, with the port and keys as settled here, for
     * the background JVM's command line. Forwarding what was typed keeps both command lines in step
     * whatever options the emulator gains.
     */
    private List<String> forwardedArgs(Path keyFile) {
        Set<String> mine = spec.mixins().get(EmulatorCommandLine.MIXIN).options().stream()
                .map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        List<String> args = new ArrayList<>();
        for (OptionSpec matched : spec.commandLine().getParseResult().matchedOptions()) {
            String name = matched.longestName();
            if (!mine.contains(name)
                    || name.equals("--port")
                    || name.equals("--api-key")
                    || name.equals("--api-key-file")
                    || name.equals("--data-dir")) {
                continue;
            }
            for (String value : matched.originalStringValues()) {
                args.add(name);
                args.add(value);
            }
        }
        args.add("--port");
        args.add(String.valueOf(options.port()));
        args.add("--api-key-file");
        args.add(keyFile.toString());
        options.dataDir().ifPresent(d -> {
            args.add("--data-dir");
            args.add(d.toString());
        });
        return args;
    }

    private void saveProfile(String baseUrl, String key) {
        jls().profiles().save(PROFILE, Profile.of(baseUrl, key, null));
        jls().profiles().use(PROFILE);
    }

    private void announce(
            EmulatorState state, Keys keys, Restored restored, String engine, String gpus, String dashboard) {
        Output out = output();
        if (out.isJson()) {
            ObjectNode doc = Documents.object();
            doc.put("base_url", state.baseUrl());
            if (!keys.shown().isEmpty()) {
                doc.put("api_key", keys.shown().get(0));
            }
            doc.put("api_key_generated", keys.generated());
            keys.keptIn().ifPresent(p -> doc.put("api_key_kept_in", p.toString()));
            keys.file().ifPresent(f -> {
                doc.put("api_key_file", f.toString());
                doc.put("api_keys_from_file", keys.fromFile());
            });
            doc.put("pid", state.pid());
            doc.put("detached", state.detached());
            state.logFile().ifPresent(p -> doc.put("log_file", p.toString()));
            state.dataDir().ifPresent(p -> {
                doc.put("data_dir", p.toString());
                doc.put("restored_deployments", restored.deployments());
                doc.put("restored_requests", restored.requests());
            });
            doc.put("dashboard_url", dashboard);
            doc.put("profile", PROFILE);
            doc.put("current", true);
            out.json(doc);
            return;
        }
        out.line("Emulator running at " + out.bold(state.baseUrl()) + " (pid " + state.pid() + ")");
        if (!keys.shown().isEmpty()) {
            out.line((keys.shown().size() == 1 ? "API key: " : "API keys: ")
                    + String.join(", ", keys.shown())
                    + (keys.generated() ? " (generated" : keys.keptIn().isPresent() ? " (the same as last time" : "")
                    + keys.keptIn().map(p -> "; kept in " + p).orElse("")
                    + (keys.generated() || keys.keptIn().isPresent() ? "; choose keys with --api-key-file)" : ""));
        }
        keys.file().ifPresent(f -> out.line("API keys: " + keys.fromFile() + " from " + f));
        out.line("Dashboard: " + dashboard + " (logs in once; `jls ui` makes a new link)");
        out.line(state.dataDir()
                .map(d -> "Data: " + d
                        + (restored.deployments() + restored.requests() == 0
                                ? " (empty)"
                                : " (brought back " + Words.count(restored.deployments(), "deployment") + " and "
                                        + Words.count(restored.requests(), "request") + ")"))
                .orElse("Data: in memory only (--ephemeral); gone when it stops"));
        if (engine != null) {
            out.line("Engine: " + engine + (gpus == null || gpus.isEmpty() ? "" : "; GPUs: " + gpus));
        }
        out.note("Saved as the profile '" + PROFILE + "', now the current one: jls commands go here, even with"
                + " $JL_API_KEY set, until `jls profile use NAME` chooses another. Next: jls deploy create --model"
                + " Qwen/Qwen3-0.6B");
    }

    static String randomKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "jls-" + HexFormat.of().formatHex(bytes);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Where this machine reaches a server bound to {@code host}: a wildcard address means loopback. */
    static String reachableHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
