package dev.jls.samples.conformance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite with the OpenAI client's {@code responseValidation(true)}: every answer must
 * carry each field the OpenAI API marks required, with the right type, before the test reads it.
 */
@JlsEmulatorTest
class OpenAiClientStrictValidationTest extends OpenAiRoutesConformance {

    private static ConformanceTarget target;

    @BeforeAll
    static void createDeployments(JlsClient client, @EmulatorApiKey String apiKey) {
        target = ConformanceTarget.create(client, apiKey, true);
    }

    @AfterAll
    static void deleteDeployments() {
        if (target != null) {
            target.close();
        }
    }

    @Override
    protected ConformanceTarget target() {
        return target;
    }

    /**
     * The strict client cannot read a streamed legacy completion: it takes each {@code text_completion}
     * chunk for a whole {@code Completion}, whose {@code finish_reason} the OpenAI API marks required and
     * not null, while every chunk but the last carries {@code "finish_reason": null} (as vLLM's and
     * OpenAI's own streams do). The emulator keeps vLLM's shape; this pins down that the client, not
     * the emulator, refuses it, and the plain suite checks the same stream without strict validation.
     */
    @Override
    @Test
    void aStreamedCompletionJoinsToThePlainOneAndCarriesUsage() {
        CompletionCreateParams params = completion().maxTokens(9).build();
        assertThatThrownBy(() -> {
                    try (StreamResponse<Completion> stream =
                            openai().completions().createStreaming(params)) {
                        stream.stream().forEach(chunk -> {});
                    }
                })
                .isInstanceOf(OpenAIInvalidDataException.class)
                .hasMessageContaining("finish_reason");
    }
}
