package dev.jls.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.FinishReason;
import dev.jls.sdk.models.RequestState;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every sample against an emulator from the JUnit 5 extension and checks what it returned and
 * printed. The samples share one deployment, except those whose point is to create their own.
 */
@JlsEmulatorTest
class SamplesTest {

    private static SampleDeployment deployment;

    @BeforeAll
    static void deploy(JlsClient client) {
        deployment = SampleDeployment.create(client, SampleDeployment.spec("samples"), new Printed().stream());
    }

    @AfterAll
    static void delete() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void submitAndAwait(JlsClient client) {
        Printed out = new Printed();

        SubmitAndAwait.Outcome outcome = SubmitAndAwait.run(client, deployment.id(), out.stream());

        assertThat(outcome.requestId()).matches("req-[0-9a-f]{24}");
        assertThat(outcome.firstFetch().requestId()).isEqualTo(outcome.requestId());
        ChatCompletion answer = outcome.answer();
        assertThat(answer.choices()).hasSize(1);
        String content = answer.firstContent().orElseThrow();
        assertThat(content).isNotBlank();
        assertThat(answer.choices().get(0).finishReason()).contains(FinishReason.LENGTH);
        assertThat(answer.usage().orElseThrow().completionTokens()).isEqualTo(48);
        assertThat(out.text())
                .contains("Submitted request " + outcome.requestId())
                .contains("Fetched: ")
                .contains("Answer: " + content)
                .contains("48 out");
    }

    @Test
    void streamingChat(JlsClient client) {
        Printed out = new Printed();

        StreamingChat.Outcome outcome = StreamingChat.run(client, deployment.id(), out.stream());

        assertThat(outcome.chunks()).isGreaterThan(2);
        String content = outcome.joined().firstContent().orElseThrow();
        assertThat(content).isNotBlank();
        assertThat(outcome.joined().usage().orElseThrow().completionTokens()).isEqualTo(40);
        assertThat(out.text())
                .startsWith(content)
                .contains("Chunks: " + outcome.chunks())
                .contains("40 out");
    }

    @Test
    void deploymentLifecycle(JlsClient client) {
        Printed out = new Printed();

        DeploymentLifecycle.Outcome outcome = DeploymentLifecycle.run(client, out.stream());

        assertThat(outcome.deploymentId()).matches("dep-[0-9a-f]{12}");
        assertThat(outcome.statuses()).isNotEmpty().endsWith(DeploymentStatus.RUNNING);
        assertThat(outcome.running().status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(outcome.running().workers().orElseThrow().healthy()).isGreaterThanOrEqualTo(1);
        assertThat(outcome.logs()).anySatisfy(event -> assertThat(event).isInstanceOf(LogEvent.Line.class));
        assertThat(outcome.gone()).isTrue();
        assertThat(out.text())
                .contains("Created " + outcome.deploymentId())
                .contains("  status: running")
                .contains("Idle timeout now 120 s")
                .contains("  log: ")
                .contains("Deleted " + outcome.deploymentId())
                .contains("The deployment is gone (404)");
    }

    @Test
    void asyncFanOut(JlsClient client) {
        Printed out = new Printed();

        AsyncFanOut.Outcome outcome = AsyncFanOut.run(client, deployment.id(), 12, out.stream());

        assertThat(outcome.answers())
                .hasSize(12)
                .allSatisfy(answer -> assertThat(answer).isNotBlank());
        assertThat(new HashSet<>(outcome.answers()))
                .as("different questions get different answers")
                .hasSizeGreaterThan(1);
        assertThat(out.text()).contains("Submitted 12 requests").contains("All 12 answers arrived in ");
    }

    @Test
    void errorHandling(JlsClient client) {
        Printed out = new Printed();

        ErrorHandling.Outcome outcome = ErrorHandling.run(client, deployment.id(), out.stream());

        assertThat(outcome.caught()).hasSize(5);
        assertThat(outcome.caught().get(0))
                .isInstanceOfSatisfying(
                        JlsValidationException.class, e -> assertThat(e.field()).isEqualTo("min_workers"));
        assertThat(outcome.caught().get(1))
                .isInstanceOfSatisfying(
                        UnauthorizedException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(401));
        assertThat(outcome.caught().get(2))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(outcome.caught().get(3)).isInstanceOfSatisfying(RequestFailedException.class, e -> {
            assertThat(e.error().type()).isEqualTo("engine_error");
            assertThat(e.error().message()).contains("no-such-model");
        });
        assertThat(outcome.caught().get(4))
                .isInstanceOfSatisfying(
                        AwaitTimeoutException.class,
                        e -> assertThat(e.lastState())
                                .hasValueSatisfying(
                                        state -> assertThat(state.isFinal()).isFalse()));
        assertThat(out.text())
                .contains("Invalid spec: field min_workers")
                .contains("Wrong key: 401")
                .contains("Unknown deployment: 404")
                .contains("Failed request req-")
                .contains("Timed out after 500 ms")
                .contains("it is now " + RequestState.CANCELLED);
    }

    @Test
    void officialOpenAiClient(JlsClient client, @EmulatorApiKey String apiKey) {
        Printed out = new Printed();

        OfficialOpenAiClient.Outcome outcome = OfficialOpenAiClient.run(
                client.openai(deployment.id()).baseUrl(), apiKey, deployment.modelName(), out.stream());

        String plain = outcome.plain().choices().get(0).message().content().orElseThrow();
        assertThat(plain).isNotBlank();
        assertThat(outcome.streamed()).as("the same request, streamed").isEqualTo(plain);
        assertThat(outcome.chunks()).isGreaterThan(2);
        assertThat(out.text()).contains("Plain: " + plain).contains("Streamed: " + plain);
    }

    @Test
    void langChain4jChat(JlsClient client, @EmulatorApiKey String apiKey) {
        Printed out = new Printed();

        LangChain4jChat.Outcome outcome = LangChain4jChat.run(
                client.openai(deployment.id()).baseUrl(), apiKey, deployment.modelName(), out.stream());

        assertThat(outcome.plain()).isNotBlank();
        assertThat(outcome.streamedParts())
                .isNotBlank()
                .isEqualTo(outcome.streamed().aiMessage().text());
        assertThat(outcome.streamed().finishReason()).isEqualTo(dev.langchain4j.model.output.FinishReason.LENGTH);
        assertThat(outcome.streamed().tokenUsage().outputTokenCount()).isEqualTo(32);
        assertThat(out.text()).contains("Plain: " + outcome.plain()).contains("Streamed: " + outcome.streamedParts());
    }
}
