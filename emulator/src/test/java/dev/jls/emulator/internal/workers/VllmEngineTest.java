package dev.jls.emulator.internal.workers;

import static dev.jls.emulator.internal.workers.Launches.args;
import static dev.jls.emulator.internal.workers.Launches.gpu;
import static dev.jls.emulator.internal.workers.Launches.launch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VllmEngineTest {

    private final PortPool ports = new PortPool(21000, 23999);
    private final VllmEngine engine = new VllmEngine("vllm", Duration.ofMinutes(20), ports);

    @Test
    void oneGpuWithAServedName() {
        EngineCommand command = engine.command(
                launch(
                        7,
                        "vllm",
                        args("model", "meta-llama/Llama-3.1-8B-Instruct", "served-model-name", "llama8b"),
                        Map.of("HF_TOKEN", "hf_x"),
                        List.of(gpu(3, "H100"))),
                24001);
        assertThat(command.command())
                .containsExactly(
                        "vllm",
                        "serve",
                        "meta-llama/Llama-3.1-8B-Instruct",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "24001",
                        "--served-model-name",
                        "llama8b");
        assertThat(command.environment()).containsEntry("HF_TOKEN", "hf_x").containsEntry("CUDA_VISIBLE_DEVICES", "3");
        int internal = Integer.parseInt(command.environment().get("VLLM_PORT"));
        assertThat(ports.reservedBy(PortPool.workerHolder(7)))
                .hasSize(VllmEngine.INTERNAL_PORT_COUNT)
                .first()
                .isEqualTo(internal);
        assertThat(command.environment()).hasSize(3);
    }

    @Test
    void twoGpusTensorParallelArgsWithValuesAndBareFlags() {
        EngineCommand command = engine.command(
                launch(
                        8,
                        "vllm",
                        args(
                                "model",
                                "Qwen/Qwen2.5-72B",
                                "max-model-len",
                                "8192",
                                "enforce-eager",
                                "true",
                                "--gpu-memory-utilization",
                                "0.85",
                                "dtype",
                                "bfloat16"),
                        Map.of(),
                        List.of(gpu(0, "H200"), gpu(1, "H200"))),
                24002);
        assertThat(command.command())
                .containsExactly(
                        "vllm",
                        "serve",
                        "Qwen/Qwen2.5-72B",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "24002",
                        "--served-model-name",
                        "Qwen/Qwen2.5-72B",
                        "--tensor-parallel-size",
                        "2",
                        "--dtype",
                        "bfloat16",
                        "--enforce-eager",
                        "--gpu-memory-utilization",
                        "0.85",
                        "--max-model-len",
                        "8192");
        assertThat(command.environment()).containsEntry("CUDA_VISIBLE_DEVICES", "0,1");
    }

    @Test
    void anExplicitTensorParallelSizeIsNotRepeated() {
        EngineCommand command = engine.command(
                launch(
                        9,
                        "vllm",
                        args("model", "m", "tensor-parallel-size", "2", "pipeline-parallel-size", "2"),
                        Map.of(),
                        List.of(gpu(0, "H100"), gpu(1, "H100"), gpu(2, "H100"), gpu(3, "H100"))),
                24003);
        assertThat(command.command())
                .containsSubsequence("--pipeline-parallel-size", "2", "--tensor-parallel-size", "2");
        assertThat(command.command().stream().filter("--tensor-parallel-size"::equals))
                .hasSize(1);
    }

    @Test
    void theDeploymentEnvCannotMoveTheWorkerToOtherGpus() {
        EngineCommand command = engine.command(
                launch(
                        10,
                        "vllm",
                        args("model", "m"),
                        Map.of("CUDA_VISIBLE_DEVICES", "0,1,2,3", "VLLM_PORT", "1"),
                        List.of(gpu(2, "L4"))),
                24004);
        assertThat(command.environment()).containsEntry("CUDA_VISIBLE_DEVICES", "2");
        assertThat(command.environment().get("VLLM_PORT")).isNotEqualTo("1");
    }

    @Test
    void eachWorkerGetsItsOwnInternalPorts() {
        String first = engine.command(launch(11, "vllm", args("model", "m"), Map.of(), List.of()), 24005)
                .environment()
                .get("VLLM_PORT");
        String second = engine.command(launch(12, "vllm", args("model", "m"), Map.of(), List.of()), 24006)
                .environment()
                .get("VLLM_PORT");
        List<Integer> a = ports.reservedBy(PortPool.workerHolder(11));
        List<Integer> b = ports.reservedBy(PortPool.workerHolder(12));
        assertThat(a).doesNotContainAnyElementsOf(b);
        assertThat(a).first().isEqualTo(Integer.parseInt(first));
        assertThat(b).first().isEqualTo(Integer.parseInt(second));
        ports.release(PortPool.workerHolder(11));
        assertThat(ports.reservedBy(PortPool.workerHolder(11))).isEmpty();
    }

    @Test
    void hostAndPortInArgsAreRefusedNamingTheField() {
        assertThat(VllmEngine.checkArgs(Map.of("model", "m", "port", "9000")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("args.port"));
        assertThat(VllmEngine.checkArgs(Map.of("--host", "0.0.0.0")))
                .hasValueSatisfying(p -> assertThat(p).contains("args.--host"));
        assertThat(VllmEngine.checkArgs(Map.of("model", "m", "max-model-len", "4096")))
                .isEmpty();
        assertThatThrownBy(() ->
                        engine.command(launch(13, "vllm", args("model", "m", "port", "1"), Map.of(), List.of()), 24007))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("args.port");
    }

    @Test
    void vllmsModelLoadedLinesAreRecognised() {
        assertThat(engine.reportsModelLoading()).isTrue();
        assertThat(engine.isModelLoadedLine(
                        "INFO 11-27 12:00:01 [default_loader.py:262] Loading weights took 2.41 seconds"))
                .isTrue();
        assertThat(engine.isModelLoadedLine(
                        "INFO 11-27 12:00:02 [gpu_model_runner.py:1892] Model loading took 1.1 GiB and 3.2 seconds"))
                .isTrue();
        assertThat(engine.isModelLoadedLine("INFO Loading model weights...")).isFalse();
        assertThat(engine.isModelLoadedLine("INFO Starting vLLM API server on http://127.0.0.1:8000"))
                .isFalse();
    }
}
