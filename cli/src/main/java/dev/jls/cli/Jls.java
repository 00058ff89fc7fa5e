package dev.jls.cli;

import dev.jls.cli.bench.BenchCommand;
import dev.jls.cli.chat.ChatCommand;
import dev.jls.cli.chat.ModelsCommand;
import dev.jls.cli.demo.DemoCommand;
import dev.jls.cli.deploy.DeployCommand;
import dev.jls.cli.emulator.EmulatorCommand;
import dev.jls.cli.request.CancelCommand;
import dev.jls.cli.request.FetchCommand;
import dev.jls.cli.request.SubmitCommand;
import dev.jls.cli.request.WaitCommand;
import dev.jls.sdk.JlConfigFile;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.Region;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
            "Each setting comes from the first of: its flag; the profile named by --profile or $JLS_PROFILE;"
                    + " $JL_API_KEY / $JLS_BASE_URL; the profile 'default', else the profile 'emulator' that"
                    + " `jls emulator start` saves; for the key, last, the token that JarvisLabs' `jl setup`"
                    + " saved in $XDG_CONFIG_HOME/jl/config.toml (default ~/.config/jl/config.toml)."
                    + " Profiles live in $JLS_CONFIG_DIR/profiles.json (default ~/.config/jls).",
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
            DemoCommand.class,
            BenchCommand.class,
            ProfileCommand.class,
            CompletionCommand.class,
            CompleteCommand.class,
        })
public final class Jls implements Callable<Integer> {

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "API key (else the profile's, else $JL_API_KEY, else jl setup's).")
    String apiKey;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "Service base URL, e.g. http://127.0.0.1:8765 for the emulator"
                    + " (else the profile's, else $JLS_BASE_URL, else the hosted service of --region).")
    String baseUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            scope = ScopeType.INHERIT,
            converter = RegionConverter.class,
            description = "Hosted region: IN2 (india-noida-01) or IN1 (india-chennai-01). Without it and"
                    + " without a base URL, a deployment is looked up in each region.")
    Region region;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Use a saved profile (base URL and key); see `jls profile`.")
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
            description = "Show stack traces on errors, and more detail.")
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
        return commandLine;
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing command: choose one of "
                        + String.join(", ", spec.subcommands().keySet()));
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

    /** The connection settings after flags, profiles and the environment have been applied. */
    public Connection connection() {
        ProfileStore store = profiles();
        Optional<String> named = Optional.ofNullable(profile)
                .or(() -> Optional.ofNullable(env.get("JLS_PROFILE")))
                .filter(s -> !s.isBlank());
        Profile chosen = Profile.of(null, null, null);
        if (named.isPresent()) {
            chosen = store.get(named.get())
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.NOT_FOUND,
                            "no profile '" + named.get() + "' in " + store.file() + " (known: " + known(store) + ")"));
        }
        Optional<String> key =
                first(Optional.ofNullable(apiKey), chosen.apiKey(), Optional.ofNullable(env.get("JL_API_KEY")));
        Optional<String> url =
                first(Optional.ofNullable(baseUrl), chosen.baseUrl(), Optional.ofNullable(env.get("JLS_BASE_URL")));
        Optional<String> regionName =
                Optional.ofNullable(region).map(Region::name).or(chosen::region);
        String source = named.map(n -> "profile " + n).orElse("flags/environment");
        if (key.isEmpty() && named.isEmpty()) {
            for (String fallback : new String[] {"default", "emulator"}) {
                Optional<Profile> p = store.get(fallback);
                if (p.isPresent() && p.get().apiKey().isPresent()) {
                    key = p.get().apiKey();
                    url = url.or(() -> p.get().baseUrl());
                    regionName = regionName.or(() -> p.get().region());
                    source = "profile " + fallback;
                    break;
                }
            }
        }
        if (key.isEmpty() && named.isEmpty()) {
            Optional<Path> jlConfig = JlConfigFile.location(env::get, home());
            if (jlConfig.isPresent()) {
                key = jlToken(jlConfig.get());
                source = key.isPresent() ? "jl setup (" + jlConfig.get() + ")" : source;
            }
        }
        Region resolvedRegion = null;
        if (regionName.isPresent()) {
            try {
                resolvedRegion = Region.of(regionName.get());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
        return new Connection(key, url.map(Jls::trimSlash), Optional.ofNullable(resolvedRegion), source);
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

    private static String known(ProfileStore store) {
        String names = String.join(", ", store.all().keySet());
        return names.isEmpty() ? "none" : names;
    }

    private static Optional<String> first(Optional<String> flag, Optional<String> profile, Optional<String> env) {
        return Stream.of(flag, profile, env)
                .flatMap(Optional::stream)
                .filter(s -> !s.isBlank())
                .findFirst();
    }

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
     * @param source where the key came from, for messages
     */
    public record Connection(
            Optional<String> apiKey, Optional<String> baseUrl, Optional<Region> region, String source) {}

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
