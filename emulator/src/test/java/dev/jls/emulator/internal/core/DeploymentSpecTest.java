package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of what a deployment's {@code env} and {@code args} may hold. */
class DeploymentSpecTest {

    private static List<FieldError> validate(Map<String, String> args, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("model", "Qwen/Qwen3-0.6B");
        all.putAll(args);
        DeploymentSpec spec = new DeploymentSpec(
                "qwen", DeploymentSpec.DEFAULT_REGION, "vllm", List.of(), 1, 0, 1, 1, 600, 60, 50, all, env);
        return spec.validate(Set.of("vllm"));
    }

    private static List<FieldError> env(String name, String value) {
        return validate(Map.of(), Map.of(name, value));
    }

    private static List<FieldError> arg(String key, String value) {
        return validate(Map.of(key, value), Map.of());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "JAVA_TOOL_OPTIONS",
                "JDK_JAVA_OPTIONS",
                "_JAVA_OPTIONS",
                "CLASSPATH",
                "LD_PRELOAD",
                "LD_LIBRARY_PATH",
                "LD_AUDIT",
                "DYLD_INSERT_LIBRARIES",
                "PYTHONSTARTUP",
                "PYTHONPATH",
                "PYTHONHOME",
                "PYTHONINSPECT",
                "PYTHONBREAKPOINT",
                "BASH_ENV",
                "ENV",
                "SHELLOPTS",
                "PS4",
                "BASH_FUNC_ls%%",
                "PERL5OPT",
                "PERL5LIB",
                "RUBYOPT",
                "NODE_OPTIONS",
                "NODE_PATH",
                "GCONV_PATH"
            })
    void namesThatChangeHowARuntimeLoadsCodeAreRefused(String name) {
        List<FieldError> errors = env(name, "-XX:OnOutOfMemoryError=id");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("env." + name);
            assertThat(e.loc()).containsExactly("env", name);
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                assertThat(e.message())
                        .isEqualTo(name + " changes how a runtime loads code; it is not allowed in a deployment's env");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A=B", "A\0B", "1ABC", "MY VAR", "a.b", "-x", "ÄPFEL", "12"})
    void namesThatAreNotPortableVariableNamesAreRefused(String name) {
        List<FieldError> errors = env(name, "x");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("env", name);
            assertThat(e.message()).contains("is not a valid variable name").contains("[A-Za-z_][A-Za-z0-9_]*");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"CUDA_VISIBLE_DEVICES", "JLS_PARENT_PID", "VLLM_PORT"})
    void theEmulatorsOwnVariablesAreRefused(String name) {
        assertThat(env(name, "0")).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("env", name);
            assertThat(e.message()).contains("set by the emulator");
        });
    }

    @Test
    void aNulInAValueIsRefusedWithoutShowingTheValue() {
        assertThat(env("HF_TOKEN", "hf_secret\0value")).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("env", "HF_TOKEN");
            assertThat(e.message()).contains("NUL").doesNotContain("hf_secret").doesNotContain("value\0");
        });
    }

    @Test
    void ordinaryVariablesPass() {
        assertThat(validate(
                        Map.of(),
                        Map.of(
                                "HF_TOKEN",
                                "hf_x",
                                "JLS_SIM_TTFT_MS",
                                "5",
                                "HF_HOME",
                                "/data",
                                "PATH",
                                "/opt/venv/bin:/usr/bin",
                                "_private",
                                "",
                                "OMP_NUM_THREADS",
                                "4",
                                "VLLM_LOGGING_LEVEL",
                                "DEBUG")))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "max-model-len|abc",
                "max-model-len|0",
                "max-model-len|-5",
                "max-model-len|1.5",
                "max-model-len|''",
                "max-model-len|32k",
                "max-model-len|99999999999",
                "--max-model-len|abc",
                "max_model_len|abc",
                "max-num-seqs|0",
                "max-num-batched-tokens|x",
                "tensor-parallel-size|0",
                "pipeline-parallel-size|two",
                "seed|-1",
                "seed|1.0",
                "seed|4294967296",
                "gpu-memory-utilization|0",
                "gpu-memory-utilization|1.01",
                "gpu-memory-utilization|90%",
                "gpu-memory-utilization|-0.5",
                "gpu-memory-utilization|1e999999999999"
            })
    void numericArgsTheEngineWouldRefuseAreRefused(String key, String value) {
        assertThat(arg(key, value)).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("args", key);
            assertThat(e.message()).contains("must be");
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "max-model-len|8192",
                "max-model-len| 4096 ",
                "--max-model-len|16384",
                "max-num-seqs|1",
                "max-num-batched-tokens|2147483647",
                "tensor-parallel-size|2",
                "pipeline-parallel-size|1",
                "seed|0",
                "seed|4294967295",
                "gpu-memory-utilization|0.9",
                "gpu-memory-utilization|1",
                "gpu-memory-utilization|.5",
                "enforce-eager|true",
                "dtype|auto",
                "compilation-config.level|3",
                "max-logprobs|-1",
                "-O|3",
                "served-model-name|qwen"
            })
    void argsTheEngineTakesPass(String key, String value) {
        assertThat(arg(key, value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "---x", "max model len", "max-model-len=8192", "a\0b", "_x", "é"})
    void keysThatAreNotFlagNamesAreRefused(String key) {
        assertThat(arg(key, "1")).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("args", key);
            assertThat(e.message()).contains("is not a flag name");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "port", "--port", "HOST"})
    void argsTheEmulatorSetsAreRefused(String key) {
        assertThat(arg(key, "9000")).singleElement().satisfies(e -> {
            assertThat(e.loc()).containsExactly("args", key);
            assertThat(e.message()).contains("chosen by the emulator");
        });
    }

    @Test
    void aValueThatWouldReadAsAFlagOrHoldsNulIsRefused() {
        assertThat(arg("enforce-eager", "--port=1"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("another flag"));
        assertThat(arg("dtype", "auto\0"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("NUL"));
        assertThat(validate(Map.of("model", "--trust-remote-code"), Map.of()))
                .singleElement()
                .satisfies(e -> assertThat(e.loc()).containsExactly("args", "model"));
    }

    @Test
    void everyBadEntryIsNamedAtOnce() {
        assertThat(validate(Map.of("max-model-len", "abc", "port", "1"), Map.of("LD_PRELOAD", "/tmp/x.so", "A=B", "1")))
                .extracting(FieldError::field)
                .containsExactly("args.max-model-len", "args.port", "env.A=B", "env.LD_PRELOAD");
    }

    @Test
    void envValuesAreMaskedInFreeText() {
        Map<String, String> env = Map.of(
                "HF_TOKEN",
                "hf_abcdefghijkl",
                "SHORT",
                "abcd",
                "ONE",
                "1",
                "JLS_SIM_START_FAILURE",
                "CUDA error: injected");
        assertThat(EnvRules.maskValues(env, "token hf_abcdefghijkl, short abcd, one 1, CUDA error: injected"))
                .isEqualTo("token hf_****, short ****, one 1, CUDA error: injected");
    }
}
