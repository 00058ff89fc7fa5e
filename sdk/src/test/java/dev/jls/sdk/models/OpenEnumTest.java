package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.sdk.internal.Json;
import org.junit.jupiter.api.Test;

class OpenEnumTest {

    @Test
    void knownWordsGiveTheConstants() {
        assertThat(DeploymentStatus.of("running")).isSameAs(DeploymentStatus.RUNNING);
        assertThat(RequestState.of("Processing").value()).isEqualTo(RequestState.Value.PROCESSING);
        assertThat(FinishReason.of("tool_calls").value()).isEqualTo(FinishReason.Value.TOOL_CALLS);
        assertThat(ChatRole.of("developer")).isEqualTo(ChatRole.DEVELOPER);
        assertThat(Framework.of("ollama").isKnown()).isTrue();
        assertThat(WorkerStatus.of("healthy").asString()).isEqualTo("healthy");
    }

    @Test
    void anUnknownWordSurvivesAndEqualsByString() {
        DeploymentStatus paused = DeploymentStatus.of("paused");

        assertThat(paused.value()).isEqualTo(DeploymentStatus.Value._UNKNOWN);
        assertThat(paused.isKnown()).isFalse();
        assertThat(paused.asString()).isEqualTo("paused");
        assertThat(paused).isEqualTo(DeploymentStatus.of("paused")).hasSameHashCodeAs(DeploymentStatus.of("paused"));
        assertThat(paused.isTerminalError()).isFalse();
        assertThat(RequestState.of("queued")).isNotEqualTo(RequestState.QUEUED);
        assertThat(RequestState.of("Expired").isFinal()).isFalse();
    }

    @Test
    void finalAndTerminalStates() {
        assertThat(RequestState.COMPLETED.isFinal()).isTrue();
        assertThat(RequestState.FAILED.isFinal()).isTrue();
        assertThat(RequestState.CANCELLED.isFinal()).isTrue();
        assertThat(RequestState.QUEUED.isFinal()).isFalse();
        assertThat(RequestState.FETCHED.isFinal()).isFalse();
        assertThat(RequestState.PROCESSING.isFinal()).isFalse();
        assertThat(DeploymentStatus.FAILED.isTerminalError()).isTrue();
        assertThat(DeploymentStatus.CLEANING.isTerminalError()).isTrue();
        assertThat(DeploymentStatus.DELETING.isTerminalError()).isTrue();
        assertThat(DeploymentStatus.RUNNING.isTerminalError()).isFalse();
        assertThat(DeploymentStatus.RUNNING.isRunning()).isTrue();
        assertThat(DeploymentStatus.MODEL_DOWNLOADED.isTerminalError()).isFalse();
    }

    @Test
    void jacksonWritesAndReadsTheWord() {
        assertThat(Json.write(RequestState.of("Paused"))).isEqualTo("\"Paused\"");
        assertThat(Json.read("\"cleaning\"", DeploymentStatus.class)).isSameAs(DeploymentStatus.CLEANING);
        assertThat(Json.read("\"abort\"", FinishReason.class)).isEqualTo(FinishReason.ABORT);
    }

    @Test
    void unknownWordsInModelsRoundTrip() {
        String json = "{\"index\":0,\"message\":{\"role\":\"critic\",\"content\":\"x\"},\"finish_reason\":\"timeout\"}";
        ChatChoice choice = Json.read(json, ChatChoice.class);

        assertThat(choice.message().role().value()).isEqualTo(ChatRole.Value._UNKNOWN);
        assertThat(choice.finishReason().orElseThrow().asString()).isEqualTo("timeout");
        assertThat(Json.write(choice)).isEqualTo(json);
    }
}
