package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.junit.JlsEmulatorExtension;
import dev.jls.emulator.workers.EngineChoice;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.models.DeploymentSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Starting, configuring and closing the emulator; no worker process outlives it. */
class EmulatorLifecycleTest {

  @RegisterExtension
  static JlsEmulatorExtension registered = new JlsEmulatorExtension(
      JlsEmulator.builder().engine(EngineChoice.SIM).gpus("L4:1").apiKey("registered-key"));

  @Test
  void theRegisteredExtensionServesItsConfiguration() {
    assertThat(registered.apiKey()).isEqualTo("registered-key");
    assertThat(registered.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(registered.client().deployments().list()).isEmpty();
    assertThat(registered.emulator().gpuDescription()).contains("L4");
  }

  @Test
  @Tag("slow")
  void closingStopsEveryWorkerProcess() {
    JlsEmulator emulator = JlsEmulator.builder().engine(EngineChoice.SIM).gpus("H100:2").build()
        .start();
    List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
    try (JlsClient client = JlsClient.builder().baseUrl(emulator.baseUrl())
        .apiKey(emulator.apiKey()).build()) {
      String dep = client.deployments().create(DeploymentSpec.builder().name("two")
          .framework("vllm").model("m").gpusToUse(List.of("H100")).minWorkers(2).maxWorkers(2).build());
      client.deployments().waitUntilRunning(dep, WaitOptions.builder()
          .timeout(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).build());
      assertThat(ProcessHandle.current().descendants().filter(p -> !before.contains(p)))
          .isNotEmpty();
    } finally {
      emulator.close();
    }
    assertThat(emulator.isRunning()).isFalse();
    Eventually.await(Duration.ofSeconds(60), "no process of the emulator is left",
        () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void keysCanComeFromAFileAsWellAsTheCommandLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# the team's keys\nkey-from-file\n\n  second-key  \n");
    EmulatorOptions options = new EmulatorOptions().addApiKey("key-from-flag").apiKeyFile(file);
    assertThat(options.apiKeys()).containsExactly("key-from-flag", "key-from-file", "second-key");
    try (JlsEmulator emulator = JlsEmulator.builder().options(options).port(0).build().start();
        JlsClient client = JlsClient.builder().baseUrl(emulator.baseUrl()).apiKey("second-key").build()) {
      assertThat(client.deployments().list()).isEmpty();
    }

    Files.writeString(file, "# no key here\n");
    assertThatThrownBy(() -> JlsEmulator.builder().apiKeyFile(file).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--api-key-file");
    assertThatThrownBy(() -> JlsEmulator.builder().apiKeyFile(dir.resolve("missing")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
  }

  @Test
  void theBannerShowsKeysGivenOnTheCommandLineButOnlyCountsThoseOfAKeyFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("keys.txt");
    Files.writeString(file, "# tenants\nkey-from-file-one\nkey-from-file-two\n");
    Main fromFile = new Main();
    new CommandLine(fromFile).parseArgs("--port", "0", "--api-key-file", file.toString(),
        "--engine", "sim", "--gpus", "L4:1");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Main.warnOfKeysOnTheCommandLine(fromFile.options(), new PrintWriter(err));
    try (JlsEmulator emulator = JlsEmulator.builder().options(fromFile.options()).build().start()) {
      Main.announce(emulator, fromFile.options(), new PrintWriter(out));
    }
    assertThat(out.toString())
        .contains("API keys: 2 from " + file)
        .doesNotContain("key-from-file-one")
        .doesNotContain("key-from-file-two");
    assertThat(err.toString()).isEmpty();

    Main typed = new Main();
    new CommandLine(typed).parseArgs("--port", "0", "--api-key", "typed-key", "--api-key-file",
        file.toString(), "--engine", "sim", "--gpus", "L4:1");
    out = new StringWriter();
    err = new StringWriter();
    Main.warnOfKeysOnTheCommandLine(typed.options(), new PrintWriter(err));
    try (JlsEmulator emulator = JlsEmulator.builder().options(typed.options()).build().start()) {
      Main.announce(emulator, typed.options(), new PrintWriter(out));
    }
    assertThat(out.toString())
        .contains("API key: typed-key")
        .contains("API keys: 2 from " + file)
        .doesNotContain("key-from-file-one");
    assertThat(err.toString()).contains("--api-key").contains("command line")
        .contains("--api-key-file").doesNotContain("typed-key");
  }

  @Test
  void aKeyIsMadeUpWhenNoneIsGivenAndThePortIsFreeByDefault() {
    try (JlsEmulator emulator = JlsEmulator.builder().engine(EngineChoice.SIM).build().start()) {
      assertThat(emulator.apiKeyGenerated()).isTrue();
      assertThat(emulator.apiKey()).matches("jls-[0-9a-f]{32}");
      assertThat(emulator.port()).isPositive().isNotEqualTo(EmulatorOptions.DEFAULT_PORT);
      assertThat(new RawHttp(emulator.baseUrl(), null).get("/healthz").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theOptionsReadTheCommandLine() {
    @CommandLine.Command(name = "t")
    class Cmd {
      @CommandLine.Mixin
      EmulatorOptions options;
    }
    Cmd cmd = new Cmd();
    new CommandLine(cmd).parseArgs("--api-key", "a", "--api-key", "b", "--gpus", "H100:4,L4:2",
        "--engine", "sim", "--engine-command", "sglang=python -m sglang --port {port}",
        "--queue-limit", "50", "--result-retention", "90s", "--max-body-size", "2MiB",
        "--delete-grace", "500ms", "--host", "0.0.0.0");
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
    assertThat(o.toString()).doesNotContain("a,").doesNotContain("[a");

    assertThatThrownBy(() -> new CommandLine(new Cmd()).parseArgs("--engine", "tgi"))
        .hasMessageContaining("--engine");
    assertThatThrownBy(() -> JlsEmulator.builder().queueLimit(0).build())
        .hasMessageContaining("--queue-limit");
  }
}
