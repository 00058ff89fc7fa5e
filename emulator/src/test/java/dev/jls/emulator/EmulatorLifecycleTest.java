package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.cli.EmulatorCommandLine;
import dev.jls.emulator.junit.JlsEmulatorExtension;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.models.DeploymentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Starting, configuring and closing the emulator; no worker process outlives it. */
class EmulatorLifecycleTest {

    @RegisterExtension
    static JlsEmulatorExtension registered = new JlsEmulatorExtension(JlsEmulator.builder()
            .options(new EmulatorOptions().engine(EngineChoice.SIM).gpus("L4:1").addApiKey("registered-key")));

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
        JlsEmulator emulator = JlsEmulator.builder()
                .options(new EmulatorOptions().engine(EngineChoice.SIM).gpus("H100:2"))
                .build()
                .start();
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
        try (JlsClient client = JlsClient.builder()
                .baseUrl(emulator.baseUrl())
                .apiKey(emulator.apiKey())
                .build()) {
            String dep = client.deployments()
                    .create(DeploymentSpec.builder()
                            .name("two")
                            .framework("vllm")
                            .model("m")
                            .gpusToUse(List.of("H100"))
                            .minWorkers(2)
                            .maxWorkers(2)
                            .build());
            client.deployments()
                    .awaitRunning(
                            dep,
                            WaitOptions.builder()
                                    .timeout(Duration.ofSeconds(60))
                                    .pollInterval(Duration.ofMillis(50))
                                    .build());
            assertThat(ProcessHandle.current().descendants().filter(p -> !before.contains(p)))
                    .isNotEmpty();
        } finally {
            emulator.close();
        }
        assertThat(emulator.isRunning()).isFalse();
        Eventually.await(
                Duration.ofSeconds(60),
                "no process of the emulator is left",
                () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void keysCanComeFromAFileAsWellAsTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# the team's keys\nkey-from-file\n\n  second-key  \n");
        EmulatorOptions options =
                new EmulatorOptions().addApiKey("key-from-flag").apiKeyFile(file);
        assertThat(options.apiKeys()).containsExactly("key-from-flag", "key-from-file", "second-key");
        try (JlsEmulator emulator =
                        JlsEmulator.builder().options(options).build().start();
                JlsClient client = JlsClient.builder()
                        .baseUrl(emulator.baseUrl())
                        .apiKey("second-key")
                        .build()) {
            assertThat(client.deployments().list()).isEmpty();
        }

        Files.writeString(file, "# no key here\n");
        assertThatThrownBy(() -> JlsEmulator.builder()
                        .options(new EmulatorOptions().apiKeyFile(file))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--api-key-file");
        assertThatThrownBy(() -> JlsEmulator.builder()
                        .options(new EmulatorOptions().apiKeyFile(dir.resolve("missing")))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aKeyIsMadeUpWhenNoneIsGivenAndThePortIsFreeByDefault() {
        try (JlsEmulator emulator = JlsEmulator.builder()
                .options(new EmulatorOptions().engine(EngineChoice.SIM))
                .build()
                .start()) {
            assertThat(emulator.apiKeyGenerated()).isTrue();
            assertThat(emulator.apiKey()).matches("jls-[0-9a-f]{32}");
            assertThat(emulator.port()).isPositive().isNotEqualTo(EmulatorCommandLine.DEFAULT_PORT);
            assertThat(new RawHttp(emulator.baseUrl(), null).get("/healthz").statusCode())
                    .isEqualTo(200);
        }
    }
}
