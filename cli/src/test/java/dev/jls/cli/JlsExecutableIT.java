package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.DeploymentSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code cli/target/jls}, run as a process exactly as the README and docs/cli.md show it:
 * a detached emulator, a deployment, a submitted request, a chat, then stop, and no process left.
 */
@Tag("slow")
class JlsExecutableIT {

    @TempDir
    Path config;

    private Path jls;
    private Optional<ProcessHandle> emulator = Optional.empty();
    private final List<ProcessHandle> workers = new ArrayList<>();

    @BeforeEach
    void findTheExecutable() {
        jls = Path.of(System.getProperty("jls.executable", "target/jls")).toAbsolutePath();
        assertThat(jls).as("built by `mvn package`").isRegularFile().isExecutable();
    }

    @AfterEach
    void stopWhatAFailureLeft() {
        emulator.filter(ProcessHandle::isAlive).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theReadmeSessionWorksAndLeavesNoProcess() throws Exception {
        Run version = jls("--version");
        assertThat(version.out()).startsWith("jls ");

        int port = freePort();
        Run start = jls("emulator", "start", "--detach", "--port", String.valueOf(port), "--engine", "sim");
        assertThat(start.code()).as(start.toString()).isZero();
        assertThat(start.out()).contains("http://127.0.0.1:" + port).contains("API key: jls-");
        JsonNode status =
                Documents.parse(jls("emulator", "status", "-o", "json").out());
        emulator = ProcessHandle.of(status.path("pid").asLong());
        assertThat(emulator).isPresent();

        // The emulator is the current profile now: a key exported for the hosted service does not win.
        Map<String, String> hostedKey = Map.of("JL_API_KEY", "a-hosted-key");
        assertThat(jls(hostedKey, "profile", "current").out())
                .contains("target:  http://127.0.0.1:" + port + "  from profile emulator, current");
        Run create = jls(
                hostedKey,
                "deploy",
                "create",
                "--model",
                "Qwen/Qwen3-0.6B",
                "--min-workers",
                "1",
                "--max-workers",
                "2",
                "-v");
        assertThat(create.code()).as(create.toString()).isZero();
        assertThat(create.err()).startsWith("target: http://127.0.0.1:" + port + " (profile emulator, current)");
        String deployment = create.out().strip();
        assertThat(deployment).matches("dep-[0-9a-f]{12}");

        Run submit = jls("submit", deployment, "-m", "Tell me a story about the moon", "--max-tokens", "16", "--wait");
        assertThat(submit.code()).as(submit.toString()).isZero();
        assertThat(submit.err()).contains("Completed");
        assertThat(submit.out().strip()).isNotEmpty();

        Run chat = jls("chat", deployment, "Why is the sky blue?", "--max-tokens", "16");
        assertThat(chat.code()).as(chat.toString()).isZero();
        assertThat(chat.out().strip()).isNotEmpty();

        JsonNode record =
                Documents.parse(jls("deploy", "get", deployment, "-o", "json").out());
        for (JsonNode worker : record.at("/workers/list")) {
            ProcessHandle.of(worker.path("pid").asLong()).ifPresent(workers::add);
        }
        assertThat(workers).as("the deployment's workers run as processes").isNotEmpty();
        workers.addAll(emulator.get().descendants().toList());

        Run stop = jls("emulator", "stop");
        assertThat(stop.code()).as(stop.toString()).isZero();
        emulator.get().onExit().get(60, TimeUnit.SECONDS);
        for (ProcessHandle worker : workers) {
            worker.onExit().get(60, TimeUnit.SECONDS);
        }
        assertThat(emulator.get().isAlive()).isFalse();
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(config.resolve("emulator.log")))
                .as("the background emulator's log, complete once it stopped")
                .contains("stop it with: jls emulator stop")
                .doesNotContain("Ctrl-C");
        assertThat(jls("emulator", "status").code()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void badUsageExitsTwoNamingTheFlag() throws Exception {
        Run run = jls("deploy", "create", "--model", "m", "--max-workers", "many");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--max-workers");
    }

    @Test
    void aUsageErrorIsOneLineAndAPointerNotTheWholeHelp() throws Exception {
        Run run = jls("deploy", "create");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines())
                .containsExactly(
                        "error: missing required option: '--model=MODEL'", "Run 'jls deploy create --help' for usage.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aHostedCreateThatOnlyTheEnvironmentKeyChoseIsRefusedWhileAnEmulatorProfileExists() throws Exception {
        // a profiles file from before current profiles: 'emulator' saved, none current
        assertThat(jls("profile", "save", "emulator", "--base-url", "http://127.0.0.1:9", "--api-key", "k")
                        .code())
                .isZero();

        Run run = jls(Map.of("JL_API_KEY", "a-hosted-key"), "deploy", "create", "--model", "m");

        assertThat(run.code()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("error: not sending 'deploy create' to the hosted JarvisLabs service");
        assertThat(run.err()).contains("--profile emulator", "--region IN2", "jls profile use NAME");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void ctrlCWhileCreatingLeavesTheDeploymentAndSaysHowToCheckIt() throws Exception {
        Run start = jls("emulator", "start", "--detach", "--port", String.valueOf(freePort()));
        assertThat(start.code()).as(start.toString()).isZero();
        emulator = ProcessHandle.of(
                Documents.parse(jls("emulator", "status", "-o", "json").out())
                        .path("pid")
                        .asLong());

        Background create = background(
                "deploy",
                "create",
                "--model",
                "m/slow-start",
                "--min-workers",
                "1",
                "--env",
                "JLS_SIM_STARTUP_MS=30000");
        awaitText(create.err, "waiting until it is running");
        interrupt(create.process);

        assertThat(create.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(create.process.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
        String err = Files.readString(create.err);
        String id = err.replaceAll("(?s).*Created deployment (dep-[0-9a-f]{12}).*", "$1");
        assertThat(err)
                .contains("Stopped waiting; deployment " + id + " carries on")
                .contains("jls deploy status " + id);
        assertThat(jls("deploy", "status", id).out().strip()).isIn("starting", "running");

        assertThat(jls("emulator", "stop").code()).isZero();
        emulator.get().onExit().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aForegroundEmulatorStopsWithItsWorkersOnCtrlC() throws Exception {
        int port = freePort();
        Background foreground = background("emulator", "start", "--port", String.valueOf(port), "--api-key", "fg-key");
        awaitText(foreground.err, "Press Ctrl-C");
        assertThat(Files.readString(foreground.out))
                .contains("http://127.0.0.1:" + port)
                .contains("API key: fg-key");
        emulator = Optional.of(foreground.process.toHandle());

        Run create = jls("deploy", "create", "--model", "m/tiny", "--min-workers", "2", "--max-workers", "2");
        assertThat(create.code()).as(create.toString()).isZero();
        assertThat(jls("emulator", "status").out()).contains("(in a terminal)");
        List<ProcessHandle> children = foreground.process.descendants().toList();
        workers.addAll(children);
        assertThat(children).hasSizeGreaterThanOrEqualTo(2);

        interrupt(foreground.process);

        assertThat(foreground.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle worker : children) {
            worker.onExit().get(60, TimeUnit.SECONDS);
        }
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(jls("emulator", "status").code()).isEqualTo(ExitCodes.ERROR);
    }

    @Test
    void bashCompletesTheDeploymentIdsOfTheTargetThroughThePackagedJls() throws Exception {
        try (JlsEmulator server = JlsEmulator.builder()
                        .options(new EmulatorOptions().gpus("H100:2").addApiKey("completion-key"))
                        .build()
                        .start();
                JlsClient client = JlsClient.builder()
                        .baseUrl(server.baseUrl())
                        .apiKey("completion-key")
                        .build()) {
            List<String> ids = new ArrayList<>();
            for (String name : List.of("first", "second")) {
                ids.add(client.deployments()
                        .create(DeploymentSpec.builder()
                                .name(name)
                                .framework("vllm")
                                .model("Qwen/Qwen3-0.6B")
                                .gpusToUse(List.of("H100"))
                                .minWorkers(0)
                                .maxWorkers(1)
                                .build()));
            }
            Path script = config.resolve("jls.bash");
            Run generated = jls("completion", "bash");
            assertThat(generated.code()).as(generated.toString()).isZero();
            Files.writeString(script, generated.out());

            Map<String, String> env = new HashMap<>();
            env.put("PATH", jls.getParent() + ":" + System.getenv("PATH"));
            env.put("JLS_CONFIG_DIR", config.toString());
            env.put("XDG_CONFIG_HOME", config.toString());
            env.put("JLS_BASE_URL", server.baseUrl());
            env.put("JL_API_KEY", "completion-key");
            env.put("JLS_COMPLETION_WAIT", "60s");
            assertThat(BashCompletion.run(script, env, "jls", "deploy", "get", ""))
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void theOfficialJlCommandLinesWorkAndDeleteAsksOnATerminal() throws Exception {
        startEmulator();

        Run create = jls("deploy", "create", "--model", "m/jl", "--name", "jl", "--detach", "--yes", "--json");
        assertThat(create.code()).as(create.toString()).isZero();
        String id = Documents.parse(create.out()).path("deployment_id").asText();
        assertThat(id).matches("dep-[0-9a-f]{12}");
        Run wide = jls("deploy", "list", "--wide");
        assertThat(wide.code()).as(wide.toString()).isZero();
        assertThat(wide.out()).contains("FRAMEWORK", "GPUS/WORKER", "STARTED", id);
        Run get = jls("deploy", "get", id, "--json");
        assertThat(Documents.parse(get.out()).path("deployment_id").asText()).isEqualTo(id);

        Run declined = onATerminal("n\n", "deploy", "delete", id);
        assertThat(declined.code()).as(declined.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(declined.out())
                .contains("Delete deployment jl (" + id + ")? [y/N]")
                .contains("Not deleted: deployment jl (" + id + ")");
        assertThat(jls("deploy", "status", id).code()).isZero();

        Run confirmed = onATerminal("y\n", "deploy", "delete", id);
        assertThat(confirmed.code()).as(confirmed.toString()).isZero();
        assertThat(confirmed.out()).contains("Deleting " + id);

        Run other = jls("deploy", "create", "--model", "m/jl", "--detach", "--json");
        String script = Documents.parse(other.out()).path("deployment_id").asText();
        Run unasked = jls("deploy", "delete", script);
        assertThat(unasked.code()).as("no terminal, no question: " + unasked).isZero();

        assertThat(jls("emulator", "stop").code()).isZero();
        emulator.get().onExit().get(60, TimeUnit.SECONDS);
    }

    @Test
    void ctrlCOnATerminalClearsTheSpinnerLineAndExits130() throws Exception {
        startEmulator();
        assumeScript();
        Path out = Files.createTempFile(config, "out", ".txt");
        Process create = processBuilder(
                        terminalCommand(
                                "deploy",
                                "create",
                                "--model",
                                "m/slow-start",
                                "--min-workers",
                                "1",
                                "--env",
                                "JLS_SIM_STARTUP_MS=30000"),
                        out,
                        out)
                .start();
        awaitText(out, "waiting until it is running");
        // A spinner frame after the state line: the state stays starting (30 s), so no state line clears it.
        awaitText(out, "| starting  ");
        ProcessHandle java = create.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst()
                .orElseThrow();
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(java.pid())).start();
        assertThat(kill.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String screen = Files.readString(out);
        assertThat(create.exitValue()).as(screen).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(screen).contains("Stopped waiting; deployment ");
        Matcher spin = Pattern.compile("\r[|/\\\\-] [a-z]").matcher(screen);
        int lastSpin = -1;
        while (spin.find()) {
            lastSpin = spin.start();
        }
        assertThat(lastSpin).as("the spinner was shown: " + screen).isNotNegative();
        assertThat(screen.indexOf("\r\u001b[K", lastSpin + 1))
                .as("the spinner's last line is cleared: " + screen)
                .isPositive();

        assertThat(jls("emulator", "stop").code()).isZero();
        emulator.get().onExit().get(60, TimeUnit.SECONDS);
    }

    private void startEmulator() throws Exception {
        Run start = jls("emulator", "start", "--detach", "--port", String.valueOf(freePort()), "--engine", "sim");
        assertThat(start.code()).as(start.toString()).isZero();
        emulator = ProcessHandle.of(
                Documents.parse(jls("emulator", "status", "-o", "json").out())
                        .path("pid")
                        .asLong());
        assertThat(emulator).isPresent();
    }

    /** util-linux's script gives a command a terminal (a pseudo-terminal) for its standard streams. */
    private static void assumeScript() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no /usr/bin/script here");
    }

    /** {@code jls ARGS} run by script on a terminal of its own: both streams in one file, as on a screen. */
    private List<String> terminalCommand(String... args) {
        StringBuilder line = new StringBuilder("'" + jls + "'");
        for (String arg : args) {
            line.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        return List.of("/usr/bin/script", "-qec", line.toString(), "/dev/null");
    }

    /** {@code jls ARGS} on a terminal, {@code input} typed in; what the screen showed is {@link Run#out()}. */
    private Run onATerminal(String input, String... args) throws IOException, InterruptedException {
        assumeScript();
        Path in = Files.createTempFile(config, "in", ".txt");
        Files.writeString(in, input);
        Path out = Files.createTempFile(config, "out", ".txt");
        Process process = processBuilder(terminalCommand(args), out, out)
                .redirectInput(in.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jls " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), "");
    }

    private record Background(Process process, Path out, Path err) {}

    private Background background(String... args) throws IOException {
        Path out = Files.createTempFile(config, "out", ".txt");
        Path err = Files.createTempFile(config, "err", ".txt");
        return new Background(builder(out, err, args).start(), out, err);
    }

    /** Ctrl-C: SIGINT to the jls process (the launcher execs java, so it is the JVM itself). */
    private static void interrupt(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
        assertThat(kill.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitText(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(file).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 60 s in:\n" + Files.readString(file));
            }
            Thread.sleep(50);
        }
    }

    private ProcessBuilder builder(Path out, Path err, String... args) {
        return builder(Map.of(), out, err, args);
    }

    private ProcessBuilder builder(Map<String, String> extraEnv, Path out, Path err, String... args) {
        List<String> command = new ArrayList<>();
        command.add(jls.toString());
        command.addAll(List.of(args));
        return processBuilder(extraEnv, command, out, err);
    }

    private ProcessBuilder processBuilder(List<String> command, Path out, Path err) {
        return processBuilder(Map.of(), command, out, err);
    }

    /**
     * {@code command} with the test's environment and {@code extraEnv}, standard input empty; both streams
     * in one file when equal.
     */
    private ProcessBuilder processBuilder(Map<String, String> extraEnv, List<String> command, Path out, Path err) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("JL_") || k.startsWith("JLS_"));
        env.put("JLS_CONFIG_DIR", config.toString());
        env.put("JLS_DATA_DIR", config.resolve("data").toString());
        // Keeps a key saved by jl setup on this machine out of the runs.
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("NO_COLOR", "1");
        env.putAll(extraEnv);
        if (out.equals(err)) {
            return builder.redirectOutput(out.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        return builder.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    private Run jls(String... args) throws IOException, InterruptedException {
        return jls(Map.of(), args);
    }

    /** Runs {@code jls} with {@code extraEnv} added to the test's environment. */
    private Run jls(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(config, "out", ".txt");
        Path err = Files.createTempFile(config, "err", ".txt");
        Process process = builder(extraEnv, out, err, args).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jls " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }
}
