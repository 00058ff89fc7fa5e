package dev.jls.emulator.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TokenCountersTest {

    @Test
    void sumsVllmsPromptAndGenerationCountersOverEverySeries() {
        String text = """
        # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
        # TYPE vllm:prompt_tokens_total counter
        vllm:prompt_tokens_total{engine="0",model_name="qwen"} 120.0
        vllm:prompt_tokens_total{engine="1",model_name="qwen"} 30.0
        vllm:prompt_tokens_created{engine="0",model_name="qwen"} 1.7e9
        # TYPE vllm:generation_tokens_total counter
        vllm:generation_tokens_total{engine="0",model_name="qwen"} 2.5e3
        vllm:generation_tokens_total_created 1.7e9
        vllm:num_requests_running{model_name="qwen"} 4.0
        """;
        assertThat(TokenCounters.tokensProcessed(text)).isEqualTo(OptionalLong.of(2650));
    }

    @Test
    void readsCountersWithoutLabelsAndIsEmptyWithoutCounters() {
        assertThat(TokenCounters.tokensProcessed("vllm:generation_tokens_total 7\n"))
                .isEqualTo(OptionalLong.of(7));
        assertThat(TokenCounters.tokensProcessed("# nothing here\nother_metric 3\n"))
                .isEmpty();
        assertThat(TokenCounters.tokensProcessed("")).isEmpty();
    }
}
