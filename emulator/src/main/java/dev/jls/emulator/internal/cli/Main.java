package dev.jls.emulator.internal.cli;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.JlsEmulator;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The runnable jar: {@code java -jar jls-emulator.jar [options]}. Prints its URL and keys once it
 * listens (a key from {@code --api-key-file} only counted, never printed), and stops every worker on
 * Ctrl-C. Run with the JVM's default collector, it runs itself again with the serial one ({@link
 * Relaunch}).
 */
@Command(
        name = "jls-emulator",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A local JarvisLabs Serverless: the API on one port, each worker a real process.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not start (see the message)", "2:bad options"},
        modelTransformer = EmulatorCommandLine.Mixer.class)
public final class Main implements Callable<Integer>, EmulatorCommandLine.Command {

    /**
     * {@code -Djls.emulator.detached=true}: set by {@code jls emulator start --detach}, whose emulator has
     * no terminal that a Ctrl-C could come from; its banner says how to stop it instead.
     */
    public static final String DETACHED_PROPERTY = "jls.emulator.detached";

    private final EmulatorOptions options = EmulatorCommandLine.defaults();

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) throws InterruptedException {
        Optional<List<String>> relaunch = Relaunch.command(args);
        if (relaunch.isPresent()) {
            System.exit(Relaunch.run(relaunch.get()));
        }
        Relaunch.exitWithParent();
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        warnOfKeysOnTheCommandLine(options, err);
        JlsEmulator emulator;
        try {
            emulator = JlsEmulator.builder().options(options).build();
        } catch (IllegalArgumentException e) {
            err.println("jls-emulator: " + e.getMessage());
            return 2;
        }
        try {
            emulator.start();
        } catch (RuntimeException e) {
            err.println("jls-emulator: could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            emulator.close();
                            stopped.countDown();
                        },
                        "jls-emulator-shutdown"));
        announce(emulator, options, out, Boolean.getBoolean(DETACHED_PROPERTY));
        stopped.await();
        return 0;
    }

    /** This process's arguments are readable by every process of the machine, workers included. */
    static void warnOfKeysOnTheCommandLine(EmulatorOptions options, PrintWriter err) {
        if (!options.listedApiKeys().isEmpty()) {
            err.println("jls-emulator: " + EmulatorCommandLine.COMMAND_LINE_KEY_WARNING);
            err.flush();
        }
    }

    /**
     * The start-up banner: where it listens, the keys (except those from a key file), and how to stop it:
     * Ctrl-C in a terminal, {@code jls emulator stop} when {@code detached}.
     */
    static void announce(JlsEmulator emulator, EmulatorOptions options, PrintWriter out, boolean detached) {
        if (!emulator.gpuDescription().isEmpty()) {
            out.println("GPUs: " + emulator.gpuDescription());
        }
        out.println("Engine: " + emulator.engineDescription());
        out.println("jls emulator " + JlsEmulator.version() + " listening on " + emulator.baseUrl());
        out.println("Dashboard: " + emulator.dashboardUrl() + " (logs in once, within an hour)");
        if (emulator.apiKeyGenerated()) {
            out.println("API key: " + emulator.apiKey() + " (generated; choose keys with --api-key-file)");
        } else {
            // A key from --api-key-file is not printed: the file keeps it off screens and logs too.
            options.apiKeyLines().forEach(out::println);
        }
        out.println(emulator.options()
                .dataDir()
                .map(d -> "Data directory: " + d + " (brought back " + emulator.restoredDeployments()
                        + " deployments and " + emulator.restoredRequests() + " requests)")
                .orElse("State: in memory only (lost when it stops; --data-dir DIR keeps it)"));
        out.println(detached ? "Running in the background; stop it with: jls emulator stop" : "Press Ctrl-C to stop.");
        out.flush();
    }

    /** The options as read from the command line. */
    @Override
    public EmulatorOptions emulatorOptions() {
        return options;
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jls-emulator " + JlsEmulator.version()};
        }
    }
}
