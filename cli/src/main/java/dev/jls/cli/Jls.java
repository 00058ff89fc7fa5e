package dev.jls.cli;

import dev.jls.cli.bench.BenchCommand;
import dev.jls.cli.chat.ChatCommand;
import dev.jls.cli.chat.ModelsCommand;
import dev.jls.cli.demo.DemoCommand;
import dev.jls.cli.deploy.DeployCommand;
import dev.jls.cli.emulator.EmulatorCommand;
import dev.jls.cli.emulator.UiCommand;
import dev.jls.cli.request.CancelCommand;
import dev.jls.cli.request.FetchCommand;
import dev.jls.cli.request.SubmitCommand;
import dev.jls.cli.request.WaitCommand;
import dev.jls.sdk.JlConfigFile;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.Region;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code jls} command: the global options every subcommand inherits, and the connection they
 * resolve into a {@link JlsClient}.
 */
@Command(
        name = "jls",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Jls.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Serverless LLM inference from the command line: JarvisLabs Serverless and the local jls"
                + " emulator.",
        synopsisSubcommandLabel = "COMMAND",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:error",
            "2:usage: a bad flag or value",
            "3:authentication: no API key, or it was refused (401/403)",
            "4:not found (404), or the result expired (410)",
            "5:the request or deployment failed, or was cancelled",
            "6:timed out waiting",
            "7:network: the server could not be reached",
            "130:interrupted (Ctrl-C)",
        },
        footerHeading = "%nConnection:%n",
        footer = {
            "Each setting (key, base URL, region) comes from the first of: its flag; the profile named by --profile"
                    + " or $JLS_PROFILE; the current profile, set by `jls profile use NAME` or `jls emulator start`"
                    + " (not when --base-url or --region names another target); $JL_API_KEY and $JLS_BASE_URL;"
                    + " when no profile is in use and no key was found, the profile 'default', else 'emulator';"
                    + " for the key, last, the token JarvisLabs' `jl setup` saved in"
                    + " $XDG_CONFIG_HOME/jl/config.toml (default ~/.config/jl/config.toml). Without a base URL"
                    + " the hosted service is used. `jls profile current` shows what applies and why; -v prints"
                    + " the target. Profiles live in $JLS_CONFIG_DIR/profiles.json (default ~/.config/jls).",
        },
        subcommands = {
            DeployCommand.class,
            SubmitCommand.class,
            FetchCommand.class,
            WaitCommand.class,
            CancelCommand.class,
            ChatCommand.class,
            ModelsCommand.class,
            EmulatorCommand.class,
            UiCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            ProfileCommand.class,
            CompletionCommand.class,
            CompleteCommand.class,
        })
public final class Jls implements Callable<Integer> {

    /** The profile {@code jls emulator start} saves its URL and key under, and makes current. */
    public static final String EMULATOR_PROFILE = "emulator";

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "API key; beats profiles and $JL_API_KEY (order: Connection, in `jls --help`).")
    String apiKey;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "Service base URL, such as http://127.0.0.1:8765 for the emulator; beats profiles and"
                    + " $JLS_BASE_URL. Without one: the hosted service.")
    String baseUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            scope = ScopeType.INHERIT,
            converter = RegionConverter.class,
            description = "Hosted region: IN2 (india-noida-01) or IN1 (india-chennai-01); names the hosted"
                    + " service, so the current profile is not used. Without it and without a base URL, a"
                    + " deployment is looked up in each region.")
    Region region;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Use a saved profile (base URL, key, region) instead of the current one.")
    String profile;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output = OutputFormat.table;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print the target (where the command goes, and why) and, on errors, stack traces.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Terminal terminal;
    private InputStream stdin = System.in;

    /** The command as run from a shell: the process's environment and terminal. */
    public Jls() {
        this(System.getenv(), null);
    }

    /**
     * A command with a given environment (for tests and embedding) and terminal; a null terminal is
     * detected from the process.
     */
    public Jls(Map<String, String> env, Terminal terminal) {
        this.env = Map.copyOf(env);
        this.terminal = terminal == null ? Terminal.detect(env) : terminal;
    }

    public static void main(String... args) {
        System.exit(commandLine(new Jls()).execute(args));
    }

    /**
     * A command line for {@code jls}: colour following the terminal and NO_COLOR, and option values that
     * happen to be command names accepted ({@code --profile emulator}).
     */
    public static CommandLine commandLine(Jls jls) {
        CommandLine commandLine = new CommandLine(jls);
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(
                jls.terminal.color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        Usage.install(commandLine);
        return commandLine;
    }

    /** {@code jls} alone: what it is and its commands, on standard output, as a start rather than an error. */
    @Override
    public Integer call() {
        CommandLine.Help help = spec.commandLine()
                .getHelpFactory()
                .create(spec, spec.commandLine().getColorScheme());
        PrintWriter out = spec.commandLine().getOut();
        out.print(help.synopsisHeading());
        out.print(help.synopsis(help.synopsisHeadingLength()));
        out.print(help.description());
        out.print(help.commandListHeading());
        out.print(help.commandList());
        out.println();
        out.println("Run 'jls COMMAND --help' for a command's options, and 'jls --help' for the global options,");
        out.println("the exit codes and where the connection comes from.");
        out.flush();
        return ExitCodes.OK;
    }

    /** Replaces standard input, for tests that feed {@code --file -} or a prompt. */
    public Jls withStdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    public InputStream stdin() {
        return stdin;
    }

    public Map<String, String> env() {
        return env;
    }

    public Terminal terminal() {
        return terminal;
    }

    public OutputFormat outputFormat() {
        return output;
    }

    /** The key given with {@code --api-key} before the subcommand, or on one that accepts it. */
    public Optional<String> explicitApiKey() {
        return Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
    }

    public boolean verbose() {
        return verbose;
    }

    public ConfigDir configDir() {
        return ConfigDir.resolve(env);
    }

    public ProfileStore profiles() {
        return new ProfileStore(configDir());
    }

    /**
     * The connection settings after flags, profiles and the environment have been applied, each from the
     * first of: its flag; the profile named by {@code --profile} or {@code $JLS_PROFILE}; the current profile
     * ({@code jls profile use}, {@code jls emulator start}), unless {@code --base-url} or {@code --region}
     * names another target; {@code $JL_API_KEY} / {@code $JLS_BASE_URL}; when no profile is in use and no key
     * was found, the profile 'default', else 'emulator'; for the key, the token of {@code jl setup}.
     */
    public Connection connection() {
        ProfileStore store = profiles();
        Optional<String> named = Optional.ofNullable(profile).filter(s -> !s.isBlank());
        String namedBy = "--profile";
        if (named.isEmpty()) {
            named = Optional.ofNullable(env.get("JLS_PROFILE")).filter(s -> !s.isBlank());
            namedBy = "$JLS_PROFILE";
        }
        boolean targetFlag = baseUrl != null || region != null;
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer(
                Profile.of(baseUrl, apiKey, region == null ? null : region.name()),
                "--base-url",
                "--api-key",
                "--region"));
        Optional<String> inUse = Optional.empty();
        if (named.isPresent()) {
            String name = named.get();
            Profile p = store.get(name)
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.NOT_FOUND,
                            "no profile '" + name + "' in " + store.file() + " (known: " + store.known() + ")"));
            layers.add(Layer.of(p, "profile " + name + ", " + namedBy));
            inUse = named;
        } else if (!targetFlag) {
            Optional<String> current = store.current();
            if (current.isPresent()) {
                layers.add(Layer.of(store.get(current.get()).orElseThrow(), "profile " + current.get() + ", current"));
                inUse = current;
            }
        }
        layers.add(new Layer(
                Profile.of(env.get("JLS_BASE_URL"), env.get("JL_API_KEY"), null),
                "$JLS_BASE_URL",
                "$JL_API_KEY",
                null));
        Optional<Setting> key = first(layers, Profile::apiKey, Layer::keySource);
        Optional<Setting> url = first(layers, Profile::baseUrl, Layer::urlSource);
        Optional<Setting> regionName = first(layers, Profile::region, Layer::regionSource);
        if (key.isEmpty() && inUse.isEmpty()) {
            for (String fallback : new String[] {"default", "emulator"}) {
                Optional<Profile> p = store.get(fallback);
                // a profile's key belongs to its server: not when a flag names another target
                if (p.isPresent()
                        && p.get().apiKey().isPresent()
                        && !(targetFlag && p.get().baseUrl().isPresent())) {
                    Layer layer = Layer.of(p.get(), "profile " + fallback);
                    key = first(List.of(layer), Profile::apiKey, Layer::keySource);
                    if (!targetFlag) {
                        url = url.or(() -> first(List.of(layer), Profile::baseUrl, Layer::urlSource));
                        regionName = regionName.or(() -> first(List.of(layer), Profile::region, Layer::regionSource));
                    }
                    break;
                }
            }
        }
        if (key.isEmpty() && named.isEmpty()) {
            Optional<Path> jlConfig = JlConfigFile.location(env::get, home());
            if (jlConfig.isPresent()) {
                key = jlToken(jlConfig.get()).map(k -> new Setting(k, "jl setup (" + jlConfig.get() + ")"));
            }
        }
        Region resolvedRegion = null;
        if (regionName.isPresent()) {
            try {
                resolvedRegion = Region.of(regionName.get().value());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
        String targetSource = url.isPresent()
                ? url.get().source()
                : regionName.map(Setting::source).orElse("none");
        return new Connection(
                key.map(Setting::value),
                url.map(s -> trimSlash(s.value())),
                Optional.ofNullable(resolvedRegion),
                key.map(Setting::source).orElse("none"),
                targetSource,
                inUse,
                targetFlag || inUse.isPresent());
    }

    /**
     * Refuses to {@code action} (create or delete) on the hosted service when only {@code $JL_API_KEY} sent
     * it there while this machine has an emulator profile that nothing chose against: a key exported for
     * the hosted service must not turn a command meant for the emulator into billed work.
     */
    public void checkHostedWrite(String action) {
        Connection c = connection();
        if (c.baseUrl().isPresent() || c.targetChosen() || !c.source().equals("$JL_API_KEY")) {
            return;
        }
        Optional<Profile> emulator = profiles().get(EMULATOR_PROFILE);
        if (emulator.isEmpty()) {
            return;
        }
        throw new CommandFailure(
                ExitCodes.USAGE,
                "not sending '" + action + "' to the hosted JarvisLabs service: only $JL_API_KEY points there, and no"
                        + " profile is current while the profile '" + EMULATOR_PROFILE + "' ("
                        + emulator.get().baseUrl().orElse("hosted") + ") exists. Choose the target: --profile "
                        + EMULATOR_PROFILE + ", --region IN2 (or IN1) for the hosted service, or"
                        + " `jls profile use NAME` (see `jls profile current`)");
    }

    /** A client for the resolved connection; the caller closes it. */
    public JlsClient newClient() {
        Connection c = connection();
        if (c.apiKey().isEmpty()) {
            throw new CommandFailure(
                    ExitCodes.AUTH,
                    "no API key: pass --api-key, set JL_API_KEY, use --profile NAME, run `jl setup`,"
                            + " or start an emulator with `jls emulator start`");
        }
        JlsClient.Builder builder = JlsClient.builder().apiKey(c.apiKey().get());
        c.baseUrl().ifPresent(builder::baseUrl);
        c.region().ifPresent(builder::region);
        return builder.build();
    }

    /** The home directory, from {@code $HOME}: an environment without it (a test's) reads no file from home. */
    private Path home() {
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    private static Optional<String> jlToken(Path file) {
        try {
            return JlConfigFile.token(file);
        } catch (IllegalStateException unreadable) {
            throw new CommandFailure(ExitCodes.AUTH, unreadable.getMessage(), unreadable);
        }
    }

    private static Optional<Setting> first(
            List<Layer> layers, Function<Profile, Optional<String>> value, Function<Layer, String> source) {
        for (Layer layer : layers) {
            Optional<String> v = value.apply(layer.profile());
            if (v.isPresent()) {
                return Optional.of(new Setting(v.get(), source.apply(layer)));
            }
        }
        return Optional.empty();
    }

    /** One source of settings, and how each of its settings is named where it is shown. */
    private record Layer(Profile profile, String urlSource, String keySource, String regionSource) {
        static Layer of(Profile profile, String source) {
            return new Layer(profile, source, source, source);
        }
    }

    /** A setting's value and where it came from. */
    private record Setting(String value, String source) {}

    private static String trimSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /**
     * Resolved connection settings.
     *
     * @param source where the key came from, for messages: "--api-key", "$JL_API_KEY", "profile emulator,
     *     current", ...; "none" without a key
     * @param targetSource where the base URL came from, else the region; "none" for the hosted service found
     *     region by region
     * @param profile the profile in use: the one named by --profile or $JLS_PROFILE, else the current one
     * @param targetChosen whether a flag or a profile chose where to go (not only the environment or a
     *     fallback)
     */
    public record Connection(
            Optional<String> apiKey,
            Optional<String> baseUrl,
            Optional<Region> region,
            String source,
            String targetSource,
            Optional<String> profile,
            boolean targetChosen) {

        /** Where commands go: the base URL, else the host of the region, else the hosted service. */
        public String target() {
            return baseUrl.orElseGet(
                    () -> region.map(r -> trimSlash(r.baseUrl())).orElse("JarvisLabs Serverless, each region"));
        }

        /** The target and why, for {@code -v}: "http://127.0.0.1:8765 (profile emulator, current)". */
        public String describe() {
            List<String> why = new ArrayList<>();
            if (baseUrl.isEmpty()) {
                why.add("hosted" + region.map(r -> " " + r).orElse(""));
            }
            if (!targetSource.equals("none")) {
                why.add(targetSource);
            }
            if (!source.equals(targetSource)) {
                why.add("key: " + source);
            }
            return target() + " (" + String.join("; ", why) + ")";
        }
    }

    /** Accepts IN2, in2, india-noida-01, ...; a wrong name is a usage error naming the flag. */
    static final class RegionConverter implements CommandLine.ITypeConverter<Region> {
        @Override
        public Region convert(String value) {
            try {
                return Region.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a region; use IN2 (india-noida-01) or IN1 (india-chennai-01)");
            }
        }
    }

    /** The version from the build, with the Java runtime it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "jls " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }

    /** This build's version, e.g. 0.1.0-SNAPSHOT. */
    public static String version() {
        try (InputStream in = Jls.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
