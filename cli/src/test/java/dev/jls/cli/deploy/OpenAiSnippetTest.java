package dev.jls.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.cli.Jls;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiSnippetTest {

    private static Jls.Connection keyFrom(String source, String baseUrl) {
        return new Jls.Connection(
                Optional.of("sk-the-key"),
                Optional.of(baseUrl),
                Optional.empty(),
                source,
                "profile emulator, current",
                Optional.of("emulator"),
                true);
    }

    @Test
    void aKeyFromTheEnvironmentIsUsedAsItIs() {
        List<String> lines = OpenAiSnippet.call(
                "http://127.0.0.1:8765/openai/dep-1/v1", "m", keyFrom("$JL_API_KEY", "http://127.0.0.1:8765"));
        assertThat(lines.get(0)).startsWith("  curl -s http://127.0.0.1:8765/openai/dep-1/v1/chat/completions");
        assertThat(String.join("\n", lines)).doesNotContain("sk-the-key").contains("$JL_API_KEY");
    }

    @Test
    void anEmulatorOnThisMachineGetsItsKeySetSoThatTheLinesWorkAsPasted() {
        List<String> lines = OpenAiSnippet.call(
                "http://127.0.0.1:8765/openai/dep-1/v1",
                "m",
                keyFrom("profile emulator, current", "http://127.0.0.1:8765"));
        assertThat(lines.get(0)).isEqualTo("  export JL_API_KEY=sk-the-key");
    }

    @Test
    void aHostedKeyIsNeverPrintedOnlyWhereItComesFrom() {
        List<String> lines = OpenAiSnippet.call(
                "https://serverlessn.jarvislabs.net/openai/dep-1/v1",
                "m",
                keyFrom("profile work, current", "https://serverlessn.jarvislabs.net"));
        assertThat(lines.get(0)).startsWith("  export JL_API_KEY=...").contains("profile work, current");
        assertThat(String.join("\n", lines)).doesNotContain("sk-the-key");
    }
}
