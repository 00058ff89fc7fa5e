package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jls emulator start --detach / status / stop} in-process: a real background JVM, found again
 * through the state file, and nothing left running afterwards.
 */
@Tag("slow")
class EmulatorCommandsTest {

    @TempDir
    Path config;

    private Optional<ProcessHandle> started = Optional.empty();

    @AfterEach
    void noEmulatorOutlivesTheTest() {
        // Stop what a failed assertion left running; the test itself checks that stop worked.
        started.filter(ProcessHandle::isAlive).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    /** {@code jls emulator start --detach} on a free port with the simulated engine, and the given options. */
    private Cli.Result startDetachedSim(String... options) {
        List<String> args = new ArrayList<>(List.of("emulator", "start", "--detach", "--port", "0", "--engine", "sim"));
        args.addAll(List.of(options));
        return new Cli(config).run(args.toArray(String[]::new));
    }

    /** The emulator process that {@code jls emulator status} reports running, if any. */
    private Optional<ProcessHandle> runningEmulator() {
        Cli.Result status = new Cli(config).run("emulator", "status", "-o", "json");
        return status.exitCode() == 0
                ? ProcessHandle.of(Documents.parse(status.out()).path("pid").asLong())
                : Optional.empty();
    }

    @Test
    void startDetachedStatusAndStopLeaveNothingRunning() throws Exception {
        Cli.Result before = new Cli(config).run("emulator", "status", "-o", "json");
        assertThat(before.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(Documents.parse(before.out()).path("running").asBoolean()).isFalse();

        Cli.Result start = startDetachedSim("--gpus", "H100:2", "-o", "json");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        JsonNode info = Documents.parse(start.out());
        long pid = info.path("pid").asLong();
        started = ProcessHandle.of(pid);
        String baseUrl = info.path("base_url").asText();
        String key = info.path("api_key").asText();
        assertThat(baseUrl).startsWith("http://127.0.0.1:");
        assertThat(key).matches("jls-[0-9a-f]{32}");
        assertThat(info.path("api_key_generated").asBoolean()).isTrue();
        assertThat(Files.getPosixFilePermissions(config.resolve("emulator.log")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        // The saved profile is now the current one: it beats a key exported for the hosted service.
        Cli.Result created = new Cli(config)
                .env("JL_API_KEY", "hosted-key")
                .run("deploy", "create", "--model", "m/tiny", "--min-workers", "1");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Cli.Result listed = new Cli(config).run("--profile", "emulator", "deploy", "list");
        assertThat(listed.out()).as(listed.toString()).contains(created.out().strip());
        Cli.Result answer = new Cli(config).run("chat", created.out().strip(), "hi", "--max-tokens", "3");
        assertThat(answer.exitCode()).as(answer.toString()).isZero();

        Cli.Result status = new Cli(config).run("emulator", "status", "-o", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode state = Documents.parse(status.out());
        assertThat(state.path("running").asBoolean()).isTrue();
        assertThat(state.path("base_url").asText()).isEqualTo(baseUrl);
        assertThat(state.path("pid").asLong()).isEqualTo(pid);
        assertThat(state.path("deployments").asInt()).isEqualTo(1);
        assertThat(state.path("gpus")).hasSize(2).allSatisfy(gpu -> {
            assertThat(gpu.path("type").asText()).isEqualTo("H100");
            assertThat(gpu.path("holder").isNull()
                            || gpu.path("holder")
                                    .asText()
                                    .startsWith(created.out().strip() + "/"))
                    .as("holder of %s", gpu)
                    .isTrue();
        });
        assertThat(new Cli(config).run("emulator", "status").out())
                .contains("running", baseUrl, String.valueOf(pid), "gpu 0", "gpu 1", "H100");

        Cli.Result again = new Cli(config).run("emulator", "start", "--detach", "--port", "0");
        assertThat(again.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(again.err()).contains("already running").contains("jls emulator stop");

        ProcessHandle emulator = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> workers = emulator.descendants().toList();
        assertThat(workers).as("the deployment's min worker").isNotEmpty();

        Cli.Result stop = new Cli(config).run("emulator", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("Stopped the emulator (pid " + pid);
        assertThat(stop.err()).contains("'emulator' is still current");
        // Worker JVMs shut down slowly on a loaded machine; the deadline only bounds a failure.
        emulator.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        for (ProcessHandle worker : workers) {
            worker.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(emulator.isAlive()).isFalse();
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(config.resolve("emulator.json"))).isFalse();

        assertThat(new Cli(config).run("emulator", "status").exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(new Cli(config).run("emulator", "stop").out()).contains("No emulator is running");
    }

    @Test
    void aDetachedEmulatorIgnoresTheTerminalsSignalsAndStaysInItsSession() throws Exception {
        Path procSelf = Path.of("/proc/self/stat");
        Assumptions.assumeTrue(Files.exists(procSelf), "Linux's /proc");
        Cli.Result start = startDetachedSim("-o", "json");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        long pid = Documents.parse(start.out()).path("pid").asLong();
        started = ProcessHandle.of(pid);

        // ignored from its start (SigIgn in /proc): hang-up (1), interrupt (2) and terminal stop (20)
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long ignored = Long.parseLong(
                status.lines()
                        .filter(l -> l.startsWith("SigIgn:"))
                        .findFirst()
                        .orElseThrow()
                        .substring(7)
                        .strip(),
                16);
        assertThat(ignored & (1L << 0)).as("SIGHUP ignored").isNotZero();
        assertThat(ignored & (1L << 1)).as("SIGINT ignored").isNotZero();
        assertThat(ignored & (1L << 19)).as("SIGTSTP ignored").isNotZero();
        // in the session it was started from, not one of its own
        assertThat(session(Path.of("/proc/" + pid + "/stat"))).isEqualTo(session(procSelf));

        for (String signal : List.of("-HUP", "-INT")) {
            assertThat(new ProcessBuilder("kill", signal, String.valueOf(pid))
                            .start()
                            .waitFor())
                    .isZero();
        }
        Cli.Result running = new Cli(config).run("emulator", "status", "-o", "json");
        assertThat(Documents.parse(running.out()).path("running").asBoolean())
                .as(running.toString())
                .isTrue();
        Cli.Result stop = new Cli(config).run("emulator", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }

    /** The session id in a {@code /proc/PID/stat} line: the fourth field after the command's parentheses. */
    private static long session(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    @Test
    void keysFromAKeyFileAreCountedNeverPrinted() throws Exception {
        Path keys = config.resolve("tenants.keys");
        Files.writeString(keys, "key-of-tenant-one\nkey-of-tenant-two\n");
        Cli.Result start = startDetachedSim("--api-key-file", keys.toString());
        assertThat(start.exitCode()).as(start.toString()).isZero();
        started = runningEmulator();
        assertThat(start.out()).contains("API keys: 2 from " + keys);
        assertThat(start.out() + start.err())
                .doesNotContain("key-of-tenant-one")
                .doesNotContain("key-of-tenant-two")
                .doesNotContain("warning");

        Cli.Result stop = new Cli(config).run("emulator", "stop", "--grace", "10s", "-o", "json");
        assertThat(Documents.parse(stop.out()).path("stopped").asBoolean())
                .as(stop.toString())
                .isTrue();
        started.orElseThrow()
                .onExit()
                .get(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Test
    void aKeyGivenBeforeTheCommandIsUsedAndABadOptionIsAUsageError() throws Exception {
        Cli.Result bad = new Cli(config).run("emulator", "start", "--detach", "--port", "70000");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--port");

        // A key written before the command is the emulator's key too.
        Cli.Result start = new Cli(config)
                .run("--api-key", "my-key", "emulator", "start", "--detach", "--port", "0", "--startup-timeout", "60s");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out()).contains("API key: my-key").doesNotContain("generated");
        started = runningEmulator();
        assertThat(started).isPresent();
        assertThat(new Cli(config).run("profile", "list", "-o", "json").out()).contains("emulator");
        // The key reaches the background JVM in a private file, never on its command line.
        assertThat(arguments(started.get())).contains("--api-key-file").doesNotContain("my-key");
        assertThat(Files.getPosixFilePermissions(config.resolve("emulator.keys")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Cli.Result stop = new Cli(config).run("emulator", "stop", "--grace", "10s", "-o", "json");
        assertThat(Documents.parse(stop.out()).path("stopped").asBoolean()).isTrue();
        started.get().onExit().get(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(config.resolve("emulator.keys")).doesNotExist();
    }

    @Test
    void aPortHeldByAnotherServerThatAnswersHealthzIsAFailureThatKeepsTheProfile() throws Exception {
        String before = saveOldEmulatorProfile();
        HttpServer other = healthzServer("{\"status\": \"ok\", \"version\": \"0.0.1\"}");
        try {
            int port = other.getAddress().getPort();
            Cli.Result start = new Cli(config)
                    .run("emulator", "start", "--detach", "--port", String.valueOf(port), "--engine", "sim");
            assertStartRefused(start, port, before);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aPortHeldByAPlainSocketIsAFailureThatNamesThePort() throws Exception {
        String before = saveOldEmulatorProfile();
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            Cli.Result start = new Cli(config)
                    .run("emulator", "start", "--detach", "--port", String.valueOf(port), "--engine", "sim");
            assertStartRefused(start, port, before);
        }
    }

    @Test
    void statusDoesNotTakeAnotherServersHealthzForTheEmulator() throws Exception {
        HttpServer other = healthzServer("{\"status\": \"ok\", \"pid\": 1}");
        try {
            // the saved emulator's pid is alive (this JVM's) but the server on its port is another
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            Files.writeString(
                    config.resolve("emulator.json"),
                    "{\"pid\": " + ProcessHandle.current().pid() + ", \"base_url\": \"" + url + "\"}");
            Cli.Result status = new Cli(config).run("emulator", "status", "-o", "json");
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.ERROR);
            JsonNode doc = Documents.parse(status.out());
            assertThat(doc.path("running").asBoolean()).isFalse();
            assertThat(doc.path("problem").asText()).contains("another server answers " + url);
        } finally {
            other.stop(0);
            Files.deleteIfExists(config.resolve("emulator.json"));
        }
    }

    /** A server that is not the emulator, started on a free loopback port, answering /healthz 200 with {@code body}. */
    private static HttpServer healthzServer(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Saves an 'emulator' profile as an earlier start would have; its file's text. */
    private String saveOldEmulatorProfile() throws Exception {
        Cli.Result saved = new Cli(config)
                .run("profile", "save", "emulator", "--base-url", "http://127.0.0.1:9", "--api-key", "old-key");
        assertThat(saved.exitCode()).as(saved.toString()).isZero();
        return Files.readString(config.resolve("profiles.json"));
    }

    private void assertStartRefused(Cli.Result start, int port, String profilesBefore) throws Exception {
        assertThat(start.exitCode()).as(start.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(start.out()).as(start.toString()).doesNotContain("Emulator running");
        assertThat(start.err())
                .as(start.toString())
                .contains("port " + port + " is already in use")
                .contains("emulator.log");
        assertThat(Files.readString(config.resolve("profiles.json"))).isEqualTo(profilesBefore);
        assertThat(config.resolve("emulator.json")).doesNotExist();
        assertThat(config.resolve("emulator.keys")).doesNotExist();
        assertThat(runningEmulator()).isEmpty();
    }

    /**
     * A process's arguments, read from {@code /proc}: {@code ProcessHandle.Info.arguments()} is empty
     * once a command line passes a page (this one's test classpath does).
     */
    private static List<String> arguments(ProcessHandle process) throws IOException {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        return List.of(cmdline.split("\0"));
    }
}
