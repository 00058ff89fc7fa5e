package dev.jls.emulator.internal.workers;

import static dev.jls.emulator.internal.workers.Launches.args;
import static dev.jls.emulator.internal.workers.Launches.gpu;
import static dev.jls.emulator.internal.workers.Launches.launch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.sim.SimEngineMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SimEngineTest {

    @Test
    void theCommandIsVllmsCommandLineAfterTheJvm() {
        SimEngine engine = new SimEngine();
        EngineCommand command = engine.command(
                launch(
                        3,
                        "vllm",
                        args(
                                "model",
                                "meta-llama/Llama-3.1-8B-Instruct",
                                "served-model-name",
                                "llama8b",
                                "max-model-len",
                                "4096",
                                "enforce-eager",
                                "true"),
                        Map.of("JLS_SIM_TOKENS_PER_SECOND", "500"),
                        List.of(gpu(1, "H100"))),
                27000);
        List<String> expected = new ArrayList<>();
        expected.add(SimEngine.currentJava().toString());
        expected.addAll(SimEngineMain.recommendedJvmFlags());
        expected.add("-cp");
        expected.add(
                String.join(":", engine.classpath().stream().map(Path::toString).toList()));
        expected.addAll(List.of(
                "dev.jls.emulator.internal.sim.SimEngineMain",
                "meta-llama/Llama-3.1-8B-Instruct",
                "--host",
                "127.0.0.1",
                "--port",
                "27000",
                "--served-model-name",
                "llama8b",
                "--max-model-len",
                "4096"));
        assertThat(command.command()).containsExactlyElementsOf(expected);
        assertThat(command.environment())
                .containsEntry("JLS_SIM_TOKENS_PER_SECOND", "500")
                .containsEntry("CUDA_VISIBLE_DEVICES", "1");
        assertThat(engine.name()).isEqualTo("sim");
    }

    @Test
    void theClasspathIsWhereTheEngineAndJacksonWereLoadedFrom() {
        List<Path> classpath = new SimEngine().classpath();
        assertThat(classpath)
                .first()
                .satisfies(p -> assertThat(p.resolve("dev/jls/emulator/internal/sim/SimEngineMain.class"))
                        .exists());
        assertThat(classpath).anyMatch(p -> p.getFileName().toString().startsWith("jackson-core-"));
        assertThat(classpath)
                .allSatisfy(p -> assertThat(Files.exists(p)).isTrue())
                .doesNotHaveDuplicates();
    }

    @Test
    @Tag("slow")
    void aRealSimulatedWorkerStartsAndServesItsModel() throws Exception {
        PortPool ports = new PortPool(26000, 29999);
        try (ProcessWorkerLauncher launcher = ProcessWorkerLauncher.builder(
                        EngineRegistry.builder().choice(EngineChoice.SIM).build())
                .ports(ports)
                .build()) {
            WorkerHandle worker = launcher.launch(
                    launch(1, "vllm", args("model", "org/m", "served-model-name", "m"), Map.of(), List.of()));
            worker.ready().get(60, TimeUnit.SECONDS);
            HttpResponse<String> models = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.port() + "/v1/models"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"id\":\"m\"").contains("\"root\":\"org/m\"");
            worker.stop(Duration.ofSeconds(5));
            assertThat(worker.isAlive()).isFalse();
        }
    }
}
