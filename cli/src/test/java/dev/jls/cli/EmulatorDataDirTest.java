package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jls emulator start} keeps its state in a data directory by default: a stop and a start bring
 * deployments, requests and the key back; {@code status} shows the directory, {@code reset} wipes it,
 * {@code --ephemeral} keeps nothing.
 */
@Tag("slow")
class EmulatorDataDirTest {

    @TempDir
    Path config;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void noEmulatorOutlivesTheTest() {
        for (ProcessHandle p : started) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private Cli cli() {
        return new Cli(config);
    }

    private Path data() {
        return config.resolve("data");
    }

    private JsonNode start(String... options) {
        List<String> args = new ArrayList<>(
                List.of("emulator", "start", "--detach", "--port", "0", "--engine", "sim", "-o", "json"));
        args.addAll(List.of(options));
        Cli.Result start = cli().run(args.toArray(String[]::new));
        assertThat(start.exitCode()).as(start.toString()).isZero();
        JsonNode info = Documents.parse(start.out());
        ProcessHandle.of(info.path("pid").asLong()).ifPresent(started::add);
        return info;
    }

    private void stop() throws Exception {
        long pid = Documents.parse(cli().run("emulator", "status", "-o", "json").out())
                .path("pid")
                .asLong();
        Cli.Result stop = cli().run("emulator", "stop", "--grace", "20s");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isPresent()) {
            p.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStopAndAStartBringBackDeploymentsRequestsAndTheKey() throws Exception {
        JsonNode first = start();
        assertThat(first.path("data_dir").asText()).isEqualTo(data().toString());
        assertThat(first.path("restored_deployments").asInt()).isZero();
        assertThat(first.path("api_key_generated").asBoolean()).isTrue();
        String key = first.path("api_key").asText();
        assertThat(Files.readString(data().resolve("api-key")).strip()).isEqualTo(key);

        // no worker may start, so the request waits in the queue across the restart
        Cli.Result created = cli().run("deploy", "create", "--model", "m/tiny", "--max-workers", "0");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String dep = created.out().strip();
        Cli.Result submitted = cli().run("submit", dep, "-m", "hi");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String req = submitted.out().strip();

        Cli.Result running = cli().run("emulator", "status", "-o", "json");
        assertThat(Documents.parse(running.out()).path("data_dir").asText()).isEqualTo(data().toString());
        Cli.Result reset = cli().run("emulator", "reset", "--yes");
        assertThat(reset.exitCode()).as(reset.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(reset.err()).contains("running on " + data()).contains("jls emulator stop");

        stop();
        Cli.Result stopped = cli().run("emulator", "status");
        assertThat(stopped.out()).contains("Data: " + data() + " (");
        assertThat(Documents.parse(cli().run("emulator", "status", "-o", "json").out())
                        .path("data_dir_bytes")
                        .asLong())
                .isPositive();

        Cli.Result again = cli().run("emulator", "start", "--detach", "--port", "0", "--engine", "sim");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        runningPid().ifPresent(started::add);
        assertThat(again.out())
                .contains("Data: " + data() + " (brought back 1 deployment and 1 request)")
                .contains("API key: " + key + " (the same as last time");
        Cli.Result got = cli().run("deploy", "get", dep, "-o", "json");
        assertThat(got.exitCode()).as(got.toString()).isZero();
        Cli.Result fetched = cli().run("fetch", dep, req, "-o", "json");
        assertThat(fetched.out() + fetched.err()).as(fetched.toString()).contains("Queued");
        stop();
    }

    private Optional<ProcessHandle> runningPid() {
        Cli.Result status = cli().run("emulator", "status", "-o", "json");
        return status.exitCode() == 0
                ? ProcessHandle.of(Documents.parse(status.out()).path("pid").asLong())
                : Optional.empty();
    }

    @Test
    void resetAsksOrNeedsYesAndWipesOnlyTheEmulatorsFiles() throws Exception {
        start();
        stop();
        Files.writeString(data().resolve("notes.txt"), "mine");

        Cli.Result noTerminal = cli().run("emulator", "reset");
        assertThat(noTerminal.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noTerminal.err()).contains("--yes");
        assertThat(data().resolve("emulator.db")).exists();

        Cli.Result declined =
                cli().terminal(new Terminal(true, false)).stdin("n\n").run("emulator", "reset");
        assertThat(declined.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(declined.err()).contains("Wipe " + data() + " (0 deployments, 0 requests");
        assertThat(declined.out()).contains("Nothing was changed");
        assertThat(data().resolve("emulator.db")).exists();

        Cli.Result wiped =
                cli().terminal(new Terminal(true, false)).stdin("y\n").run("emulator", "reset");
        assertThat(wiped.exitCode()).as(wiped.toString()).isZero();
        assertThat(wiped.out()).contains("Wiped " + data());
        assertThat(data().resolve("emulator.db")).doesNotExist();
        assertThat(data().resolve("api-key")).doesNotExist();
        assertThat(data().resolve("notes.txt")).hasContent("mine");

        Cli.Result nothing = cli().run("emulator", "reset", "--yes");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("Nothing to wipe");
    }

    @Test
    void ephemeralKeepsNothingAndExcludesADataDir() throws Exception {
        Cli.Result both = cli().run("emulator", "start", "--detach", "--ephemeral", "--data-dir", "x");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--ephemeral").contains("--data-dir");

        JsonNode info = start("--ephemeral");
        assertThat(info.has("data_dir")).isFalse();
        assertThat(info.has("api_key_kept_in")).isFalse();
        Cli.Result status = cli().run("emulator", "status");
        assertThat(status.out()).contains("in memory only");
        stop();
        assertThat(data()).doesNotExist();
    }
}
