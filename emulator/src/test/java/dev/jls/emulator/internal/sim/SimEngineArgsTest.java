package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimEngineArgsTest {

    @Test
    void readsVllmsCommandLine() {
        SimEngineArgs a = SimEngineArgs.parse(List.of(
                "meta-llama/Llama-3.1-8B-Instruct",
                "--host",
                "127.0.0.1",
                "--port",
                "9001",
                "--served-model-name",
                "llama8b",
                "llama",
                "--max-model-len",
                "4096",
                "--tensor-parallel-size",
                "2",
                "--enforce-eager",
                "--dtype=auto",
                "--max-num-seqs",
                "8"));
        assertThat(a.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(9001);
        assertThat(a.servedModelNames()).containsExactly("llama8b", "llama");
        assertThat(a.primaryName()).isEqualTo("llama8b");
        assertThat(a.maxModelLen()).isEqualTo(4096);
        assertThat(a.maxNumSeqs()).isEqualTo(8);
        assertThat(a.ignored()).containsExactly("--tensor-parallel-size 2", "--enforce-eager", "--dtype auto");
    }

    @Test
    void defaultsServeTheModelUnderItsOwnName() {
        SimEngineArgs a = SimEngineArgs.parse(List.of("m"));
        assertThat(a.servedModelNames()).containsExactly("m");
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(8000);
        assertThat(a.maxModelLen()).isEqualTo(8192);
        assertThat(a.maxNumSeqs()).isEqualTo(256);
    }

    @Test
    void theModelMayComeAsAFlag() {
        assertThat(SimEngineArgs.parse(List.of("--port=1", "--model", "x")).model())
                .isEqualTo("x");
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("m", "--port", "abc")))
                .hasMessageContaining("--port")
                .hasMessageContaining("abc");
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("m", "--port", "70000")))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("m", "--port"))).hasMessageContaining("--port");
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("m", "--max-model-len", "0")))
                .hasMessageContaining("--max-model-len");
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("--port", "1"))).hasMessageContaining("model");
        assertThatThrownBy(() -> SimEngineArgs.parse(List.of("m", "extra"))).hasMessageContaining("extra");
    }
}
