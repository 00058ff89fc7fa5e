package dev.jls.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.JlsEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The emulator's command line: its options read into {@link EmulatorOptions}, and the banner. */
class EmulatorCommandLineTest {

    @Test
    void theOptionsReadTheCommandLine() {
        @CommandLine.Command(name = "t", modelTransformer = EmulatorCommandLine.Mixer.class)
        class Cmd implements EmulatorCommandLine.Command {
            final EmulatorOptions options = EmulatorCommandLine.defaults();

            @Override
            public EmulatorOptions emulatorOptions() {
                return options;
            }
        }
        Cmd cmd = new Cmd();
        new CommandLine(cmd)
                .parseArgs(
                        "--api-key",
                        "a",
                        "--api-key",
                        "b",
                        "--gpus",
                        "H100:4,L4:2",
                        "--engine",
                        "sim",
                        "--engine-command",
                        "sglang=python -m sglang --port {port}",
                        "--queue-limit",
                        "50",
                        "--result-retention",
                        "90s",
                        "--max-body-size",
                        "2MiB",
                        "--delete-grace",
                        "500ms",
                        "--host",
                        "0.0.0.0",
                        "--gpu-price",
                        "H100=2.49",
                        "--gpu-price",
                        "L4=0.44, A100-80GB=1.5");
        EmulatorOptions o = cmd.options;
        assertThat(o.port()).isEqualTo(8765);
        assertThat(o.apiKeys()).containsExactly("a", "b");
        assertThat(o.gpus()).contains("H100:4,L4:2");
        assertThat(o.engine()).isEqualTo(EngineChoice.SIM);
        assertThat(o.engineCommands()).containsExactly("sglang=python -m sglang --port {port}");
        assertThat(o.queueLimit()).isEqualTo(50);
        assertThat(o.resultRetention()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.maxBodySize()).isEqualTo(2L * 1024 * 1024);
        assertThat(o.deleteGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.gpuPrices())
                .containsExactly(
                        java.util.Map.entry("H100", 2.49),
                        java.util.Map.entry("L4", 0.44),
                        java.util.Map.entry("A100-80GB", 1.5));
        assertThat(o.toString()).doesNotContain("a,").doesNotContain("[a");

        assertThatThrownBy(() -> new CommandLine(new Cmd()).parseArgs("--engine", "tgi"))
                .hasMessageContaining("--engine");
        assertThatThrownBy(() -> JlsEmulator.builder()
                        .options(new EmulatorOptions().queueLimit(0))
                        .build())
                .hasMessageContaining("--queue-limit");
        for (String bad : List.of("H100", "=2", "H100=cheap", "H100=-1", "H100=NaN")) {
            assertThatThrownBy(() -> JlsEmulator.builder()
                            .options(new EmulatorOptions().gpuPrices(List.of(bad)))
                            .build())
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--gpu-price");
        }
        assertThat(new EmulatorOptions().gpuPrice("H100", 2.5).gpuPrices()).containsEntry("H100", 2.5);
    }

    @Test
    void unsetOptionsKeepTheLibraryDefaultsButTheCommandLinePort() {
        Main main = new Main();
        new CommandLine(main).parseArgs();
        EmulatorOptions read = main.emulatorOptions();
        EmulatorOptions library = new EmulatorOptions();
        assertThat(read.port()).isEqualTo(EmulatorCommandLine.DEFAULT_PORT);
        assertThat(library.port()).isZero();
        assertThat(read.apiKeys()).isEmpty();
        assertThat(read.engineCommands()).isEmpty();
        assertThat(read.gpus()).isEmpty();
        assertThat(read.apiKeyFile()).isEmpty();
        assertThat(List.of(
                        read.host(),
                        read.engine(),
                        read.vllmExecutable(),
                        read.vllmStartTimeout(),
                        read.queueLimit(),
                        read.resultRetention(),
                        read.maxBodySize(),
                        read.headerTimeout(),
                        read.bodyTimeout(),
                        read.keepAliveTimeout(),
                        read.workerStartAttempts(),
                        read.workerStartBackoff(),
                        read.workerStopGrace(),
                        read.deleteGrace(),
                        read.crashRetries(),
                        read.unresponsiveTimeout(),
                        read.requestTimeout()))
                .isEqualTo(List.of(
                        library.host(),
                        library.engine(),
                        library.vllmExecutable(),
                        library.vllmStartTimeout(),
                        library.queueLimit(),
                        library.resultRetention(),
                        library.maxBodySize(),
                        library.headerTimeout(),
                        library.bodyTimeout(),
                        library.keepAliveTimeout(),
                        library.workerStartAttempts(),
                        library.workerStartBackoff(),
                        library.workerStopGrace(),
                        library.deleteGrace(),
                        library.crashRetries(),
                        library.unresponsiveTimeout(),
                        library.requestTimeout()));
    }

    @Test
    void everyDurationOptionTakesTheOneSyntax() {
        Main main = new Main();
        new CommandLine(main)
                .parseArgs(
                        "--worker-stop-grace",
                        "1.5m",
                        "--result-retention",
                        "2d",
                        "--request-timeout",
                        "PT1H",
                        "--delete-grace",
                        "0");
        EmulatorOptions o = main.emulatorOptions();
        assertThat(o.workerStopGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.resultRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.deleteGrace()).isZero();
    }

    @Test
    void theBannerOffersCtrlCOnlyInTheForeground() {
        Main main = new Main();
        new CommandLine(main).parseArgs("--port", "0", "--engine", "sim", "--gpus", "L4:1");
        StringWriter foreground = new StringWriter();
        StringWriter detached = new StringWriter();
        try (JlsEmulator emulator =
                JlsEmulator.builder().options(main.emulatorOptions()).build().start()) {
            Main.announce(emulator, main.emulatorOptions(), new PrintWriter(foreground), false);
            Main.announce(emulator, main.emulatorOptions(), new PrintWriter(detached), true);
        }
        assertThat(foreground.toString()).contains("Press Ctrl-C to stop.");
        assertThat(detached.toString()).doesNotContain("Ctrl-C").contains("stop it with: jls emulator stop");
    }

    @Test
    void theBannerShowsKeysGivenOnTheCommandLineButOnlyCountsThoseOfAKeyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "# tenants\nkey-from-file-one\nkey-from-file-two\n");
        Main fromFile = new Main();
        new CommandLine(fromFile)
                .parseArgs("--port", "0", "--api-key-file", file.toString(), "--engine", "sim", "--gpus", "L4:1");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.warnOfKeysOnTheCommandLine(fromFile.emulatorOptions(), new PrintWriter(err));
        try (JlsEmulator emulator = JlsEmulator.builder()
                .options(fromFile.emulatorOptions())
                .build()
                .start()) {
            Main.announce(emulator, fromFile.emulatorOptions(), new PrintWriter(out), false);
        }
        assertThat(out.toString())
                .contains("API keys: 2 from " + file)
                .doesNotContain("key-from-file-one")
                .doesNotContain("key-from-file-two");
        assertThat(err.toString()).isEmpty();

        Main typed = new Main();
        new CommandLine(typed)
                .parseArgs(
                        "--port",
                        "0",
                        "--api-key",
                        "typed-key",
                        "--api-key-file",
                        file.toString(),
                        "--engine",
                        "sim",
                        "--gpus",
                        "L4:1");
        out = new StringWriter();
        err = new StringWriter();
        Main.warnOfKeysOnTheCommandLine(typed.emulatorOptions(), new PrintWriter(err));
        try (JlsEmulator emulator =
                JlsEmulator.builder().options(typed.emulatorOptions()).build().start()) {
            Main.announce(emulator, typed.emulatorOptions(), new PrintWriter(out), false);
        }
        assertThat(out.toString())
                .contains("API key: typed-key")
                .contains("API keys: 2 from " + file)
                .doesNotContain("key-from-file-one");
        assertThat(err.toString())
                .contains("--api-key")
                .contains("command line")
                .contains("--api-key-file")
                .doesNotContain("typed-key");
    }
}
