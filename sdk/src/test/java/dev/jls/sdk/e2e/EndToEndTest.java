package dev.jls.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.ChatCompletionAccumulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.models.SubmittedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's program, written against the public API only, run against a stand-in server. */
class EndToEndTest {

    @Test
    void createWaitSubmitAwaitStreamDelete() throws Exception {
        try (StandInServer server = new StandInServer("e2e-key");
                JlsClient client = JlsClient.builder()
                        .apiKey("e2e-key")
                        .baseUrl(server.baseUrl())
                        .build()) {

            String id = client.deployments()
                    .create(DeploymentSpec.builder()
                            .name("qwen")
                            .gpusToUse(List.of("H100"))
                            .minWorkers(0)
                            .maxWorkers(1)
                            .model("Qwen/Qwen3-0.6B")
                            .servedModelName("qwen")
                            .build());

            List<DeploymentStatus> seen = new ArrayList<>();
            Deployment running = client.deployments()
                    .awaitRunning(
                            id,
                            WaitOptions.builder()
                                    .pollInterval(Duration.ofMillis(10))
                                    .timeout(Duration.ofSeconds(30))
                                    .listener(seen::add)
                                    .build());
            assertThat(running.status()).isEqualTo(DeploymentStatus.RUNNING);
            assertThat(seen).first().isEqualTo(DeploymentStatus.STARTING);
            assertThat(seen).last().isEqualTo(DeploymentStatus.RUNNING);

            SubmittedRequest submitted = client.requests()
                    .submit(
                            id,
                            ChatCompletionRequest.builder()
                                    .addMessage(ChatMessage.user("tell me a beautiful story of moon?"))
                                    .build());
            ChatCompletion answer = client.requests()
                    .awaitChatCompletion(
                            id,
                            submitted.id(),
                            AwaitOptions.builder()
                                    .initialInterval(Duration.ofMillis(10))
                                    .build());
            assertThat(answer.choices().get(0).message().content())
                    .contains("echo: tell me a beautiful story of moon?");

            ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
            try (StreamResponse<ChatCompletionChunk> stream = client.openai(id)
                    .createChatCompletionStreaming(ChatCompletionRequest.builder()
                            .addMessage(ChatMessage.user("moon"))
                            .streamOptions(StreamOptions.withUsage())
                            .build())) {
                stream.stream().forEach(accumulator);
            }
            ChatCompletion streamed = accumulator.chatCompletion();
            assertThat(streamed.choices().get(0).message().content()).contains("The moon rose.");
            assertThat(streamed.usage())
                    .hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(7));

            client.deployments().delete(id);
            assertThatThrownBy(() -> client.deployments().retrieveStatus(id)).isInstanceOf(NotFoundException.class);
        }
    }
}
