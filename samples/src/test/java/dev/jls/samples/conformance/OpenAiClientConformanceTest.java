package dev.jls.samples.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite with the official OpenAI client as it comes (response validation off). */
@JlsEmulatorTest
class OpenAiClientConformanceTest extends OpenAiRoutesConformance {

    private static ConformanceTarget target;

    @BeforeAll
    static void createDeployments(JlsClient client, @EmulatorApiKey String apiKey) {
        target = ConformanceTarget.create(client, apiKey, false);
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
     * The hosted service runs vLLM, whose errors carry {@code "code"} as a number ({@code 404}), and the
     * emulator keeps that shape, so that code tested against it meets the errors production sends. The
     * client reads such an error's status, message, type and param; only its {@code code()} accessor,
     * written for OpenAI's string codes, refuses the number: read {@code statusCode()} instead.
     */
    @Test
    void vllmsNumericErrorCodeReachesTheClientAsTheHostedServiceSendsIt() {
        NotFoundException e = catchThrowableOfType(
                NotFoundException.class,
                () -> openai().chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("no-such-model")
                                .addUserMessage(PROMPT)
                                .build()));

        assertThat(e).isNotNull();
        assertThat(e.statusCode()).isEqualTo(404);
        assertThat(e.type()).contains("NotFoundError");
        assertThat(e.param()).contains("model");
        assertThatThrownBy(e::code)
                .isInstanceOf(OpenAIInvalidDataException.class)
                .hasMessageContaining("404");
    }
}
