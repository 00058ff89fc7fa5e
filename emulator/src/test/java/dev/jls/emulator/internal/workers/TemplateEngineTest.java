package dev.jls.emulator.internal.workers;

import static dev.jls.emulator.internal.workers.Launches.args;
import static dev.jls.emulator.internal.workers.Launches.gpu;
import static dev.jls.emulator.internal.workers.Launches.launch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.WorkerLaunch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateEngineTest {

    private final WorkerLaunch twoGpus = launch(
            4,
            "sglang",
            args(
                    "model",
                    "Qwen/Qwen2.5-7B-Instruct",
                    "served-model-name",
                    "my model",
                    "context-length",
                    "8192",
                    "enable-metrics",
                    "true"),
            Map.of("HF_HOME", "/data/hf"),
            List.of(gpu(2, "H100"), gpu(5, "H100")));

    @Test
    void sglang() {
        TemplateEngine engine = TemplateEngine.fromOption(
                "sglang=python3 -m sglang.launch_server --model-path {model} --served-model-name {served_model_name}"
                        + " --host {host} --port {port} --tp {gpu_count} {args}");
        EngineCommand command = engine.command(twoGpus, 25000);
        assertThat(engine.name()).isEqualTo("sglang");
        assertThat(command.command())
                .containsExactly(
                        "python3",
                        "-m",
                        "sglang.launch_server",
                        "--model-path",
                        "Qwen/Qwen2.5-7B-Instruct",
                        "--served-model-name",
                        "my model",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "25000",
                        "--tp",
                        "2",
                        "--context-length",
                        "8192",
                        "--enable-metrics");
        assertThat(command.environment())
                .containsEntry("CUDA_VISIBLE_DEVICES", "2,5")
                .containsEntry("HF_HOME", "/data/hf");
    }

    @Test
    void llamaCppServerWithQuotesEscapesAndPlaceholdersInsideWords() {
        TemplateEngine engine = TemplateEngine.parse(
                "llama.cpp",
                "/opt/llama.cpp/llama-server -m '/models/{model}.gguf' --alias \"{served_model_name}\" --port={port}"
                        + " --log-prefix worker-{worker_id}/{deployment_id} --main-gpu 0 --json-schema {{}} a\\ b ''");
        assertThat(engine.command(twoGpus, 25001).command())
                .containsExactly(
                        "/opt/llama.cpp/llama-server",
                        "-m",
                        "/models/Qwen/Qwen2.5-7B-Instruct.gguf",
                        "--alias",
                        "my model",
                        "--port=25001",
                        "--log-prefix",
                        "worker-4/dep-0123456789ab",
                        "--main-gpu",
                        "0",
                        "--json-schema",
                        "{}",
                        "a b",
                        "");
    }

    @Test
    void gpusPlaceholderIsACommaList() {
        TemplateEngine engine = TemplateEngine.parse("mine", "serve --devices {gpus} --count {gpu_count}");
        assertThat(engine.command(twoGpus, 1).command()).containsExactly("serve", "--devices", "2,5", "--count", "2");
        WorkerLaunch none = launch(5, "mine", args("model", "m"), Map.of(), List.of());
        assertThat(engine.command(none, 1).command()).containsExactly("serve", "--devices", "", "--count", "0");
        assertThat(engine.command(none, 1).environment()).containsEntry("CUDA_VISIBLE_DEVICES", "");
    }

    @Test
    void aValueWithShellCharactersStaysOneArgument() {
        WorkerLaunch tricky = launch(6, "mine", args("model", "a b; rm -rf / $(x) 'q'"), Map.of(), List.of());
        assertThat(TemplateEngine.parse("mine", "serve {model}")
                        .command(tricky, 1)
                        .command())
                .containsExactly("serve", "a b; rm -rf / $(x) 'q'");
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> TemplateEngine.parse("sglang", "serve --port {prot}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown placeholder {prot}")
                .hasMessageContaining("{port}")
                .hasMessageContaining("sglang");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "serve --port {port"))
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "serve 'abc"))
                .hasMessageContaining("quote ' is never closed");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "serve a}")).hasMessageContaining("'}' without '{'");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "   ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "serve --x={args}"))
                .hasMessageContaining("{args} must be a word of its own");
        assertThatThrownBy(() -> TemplateEngine.parse("x", "{model} serve"))
                .hasMessageContaining("must start with the executable");
        assertThatThrownBy(() -> TemplateEngine.fromOption("python3 -m sglang"))
                .hasMessageContaining("FRAMEWORK=COMMAND");
        assertThatThrownBy(() -> TemplateEngine.fromOption("sglang=serve {nope}"))
                .hasMessageStartingWith("--engine-command sglang: ");
    }
}
