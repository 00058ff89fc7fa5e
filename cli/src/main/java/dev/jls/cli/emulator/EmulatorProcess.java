package dev.jls.cli.emulator;

import dev.jls.cli.CommandFailure;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Jls;
import dev.jls.emulator.internal.cli.Main;
import dev.jls.emulator.internal.workers.ProcessTree;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The emulator as a background JVM: started from the same jar or classpath as this command, with the
 * same Java, its output in a log file; ready once {@code /healthz} answers; stopped with SIGTERM, then
 * SIGKILL, and its worker processes with it.
 */
final class EmulatorProcess {

    static final String MAIN_CLASS = Main.class.getName();

    private EmulatorProcess() {}

    /** The java executable running this command. */
    static String javaExecutable() {
        Optional<String> current = ProcessHandle.current().info().command();
        if (current.isPresent() && current.get().endsWith("java")) {
            return current.get();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath this command runs from: its jar when it is one (the executable {@code jls} file is a
     * jar with a launcher in front), else the JVM's class path (a build tree, a test run).
     */
    static String classpath() {
        try {
            var source = Jls.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path location = Path.of(source.getLocation().toURI());
                if (Files.isRegularFile(location)) {
                    return location.toString();
                }
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // fall back to the class path below
        }
        return System.getProperty("java.class.path");
    }

    /** JVM options for the background emulator, split on white space; replaces the defaults. */
    static final String JAVA_OPTIONS_VARIABLE = "JLS_EMULATOR_JAVA_OPTS";

    /**
     * The serial collector: an emulator's heap is small and its pauses short, and a collector without
     * concurrent threads leaves the few cores to the workers and the clients. The optimising compiler
     * stays: once warm, it halves the emulator's CPU per forwarded request (docs/performance.md).
     */
    static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC";

    private static final String SHELL = "/bin/sh";

    /**
     * Starts the emulator's {@link Main} with {@code args}, detached from this terminal, with the JVM
     * options of {@link #JAVA_OPTIONS_VARIABLE}.
     */
    static Process launch(List<String> args, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        // The terminal's signals must not stop it: closing the terminal sends SIGHUP, and Ctrl-C in a
        // script that started it sends SIGINT to the script's whole process group. A JVM that starts
        // with them ignored keeps them ignored, so a shell ignores them and runs the JVM in its place.
        // The emulator stays in this session rather than one of its own (setsid): where Linux schedules
        // sessions as groups (autogroup), a session of its own would share the cores with the session
        // its clients run in as an equal, and on a small machine under load it forwarded a fifth fewer
        // requests for more CPU each (docs/performance.md).
        if (Files.isExecutable(Path.of(SHELL))) {
            command.addAll(List.of(SHELL, "-c", "trap '' HUP INT TSTP; exec \"$0\" \"$@\""));
        }
        command.add(javaExecutable());
        String javaOptions = System.getenv()
                .getOrDefault(JAVA_OPTIONS_VARIABLE, DEFAULT_JAVA_OPTIONS)
                .strip();
        if (!javaOptions.isEmpty()) {
            command.addAll(List.of(javaOptions.split("\\s+")));
        }
        // no terminal will send it a Ctrl-C: its banner says how to stop it instead
        command.add("-D" + Main.DETACHED_PROPERTY + "=true");
        command.add("-cp");
        command.add(classpath());
        command.add(MAIN_CLASS);
        command.addAll(args);
        Files.createDirectories(logFile.getParent());
        // The emulator prints its API key when it starts; the log is its owner's only.
        Files.deleteIfExists(logFile);
        try {
            Files.createFile(
                    logFile,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(logFile);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder.start();
    }

    /**
     * Waits until {@code baseUrl/healthz} answers 200 from {@code process} itself: its answer names the
     * process (or, relaunched, its child) by pid. An answer from another server, one that already held
     * the port, does not count: the process started here then fails to bind and exits.
     *
     * @throws CommandFailure when the process ends first or the timeout passes, with the log's last lines
     */
    static void awaitHealthy(Process process, String baseUrl, int port, Duration timeout, Path logFile)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean another = false;
        while (true) {
            if (!process.isAlive()) {
                throw notStarted(process.exitValue(), port, another, logFile);
            }
            Optional<String> health = health(http, baseUrl);
            if (health.isPresent()) {
                if (answeredBy(process.toHandle(), health.get())) {
                    return;
                }
                another = true;
            }
            if (System.nanoTime() > deadline) {
                stop(process.toHandle(), Duration.ofSeconds(5));
                throw new CommandFailure(
                        ExitCodes.TIMEOUT,
                        (another
                                        ? "another server answers " + baseUrl + "/healthz (port " + port
                                                + " is already in use) and the emulator did not within "
                                        : "the emulator did not answer " + baseUrl + "/healthz within ")
                                + timeout.toSeconds() + "s; stopped it. The end of " + logFile + ":\n"
                                + tail(logFile, 20));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether a {@code /healthz} answer comes from {@code process} or a process it started. */
    static boolean answeredBy(ProcessHandle process, String health) {
        long pid;
        try {
            pid = Documents.parse(health).path("pid").asLong(-1);
        } catch (RuntimeException notJson) {
            return false;
        }
        return pid == process.pid() || process.descendants().anyMatch(p -> p.pid() == pid);
    }

    private static CommandFailure notStarted(int exitCode, int port, boolean another, Path logFile) {
        String log = tail(logFile, 20);
        String why = log.contains("BindException") || log.contains("Address already in use") || another
                ? "port " + port + " is already in use (stop what holds it, or choose another with --port)"
                : "it exited with code " + exitCode + " before it was ready";
        return new CommandFailure(
                ExitCodes.ERROR, "the emulator could not start: " + why + ". The end of " + logFile + ":\n" + log);
    }

    /** The body of {@code /healthz} when it answers 200. */
    static Optional<String> health(HttpClient http, String baseUrl) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/healthz"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Stops the process and its descendants (the emulator's workers): SIGTERM, then SIGKILL after {@code grace}.
     *
     * @return true when the emulator itself had to be killed
     */
    static boolean stop(ProcessHandle process, Duration grace) {
        return ProcessTree.stop(process, grace).contains(process);
    }

    /** The last lines of a log file, indented, for error messages. */
    static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "  (empty)" : "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "  (cannot read it: " + e.getMessage() + ")";
        }
    }
}
