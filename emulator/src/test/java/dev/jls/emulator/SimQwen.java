package dev.jls.emulator;

import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.DeploymentSpec;
import java.util.List;

/** The deployment and the chat request the emulator's simulated-worker tests share. */
final class SimQwen {

    private SimQwen() {}

    /** A deployment of Qwen3-0.6B served as {@code qwen} on one H100; the test sets its workers. */
    static DeploymentSpec.Builder spec(String name) {
        return DeploymentSpec.builder()
                .name(name)
                .framework("vllm")
                .model("Qwen/Qwen3-0.6B")
                .servedModelName("qwen")
                .gpusToUse(List.of("H100"));
    }

    /** A one-message chat request to {@code qwen} for at most {@code maxTokens} tokens. */
    static ChatCompletionRequest chat(String text, int maxTokens) {
        return ChatCompletionRequest.builder()
                .model("qwen")
                .messages(List.of(ChatMessage.user(text)))
                .maxTokens(maxTokens)
                .build();
    }
}
