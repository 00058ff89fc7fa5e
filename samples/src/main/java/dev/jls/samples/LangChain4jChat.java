package dev.jls.samples;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * LangChain4j's OpenAI chat models ({@code dev.langchain4j:langchain4j-open-ai}) on a jls deployment:
 * the same base URL and key as any OpenAI client, the deployment's served model as the model name.
 */
public final class LangChain4jChat {

    private LangChain4jChat() {}

    /** The plain answer, the streamed one as its parts arrived, and the streamed response. */
    public record Outcome(String plain, String streamedParts, ChatResponse streamed) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment =
                        SampleDeployment.open(target.client(), "langchain4j-sample", System.out)) {
            run(target.client().openai(deployment.id()).baseUrl(), target.apiKey(), deployment.modelName(), System.out);
        }
    }

    public static Outcome run(String openAiBaseUrl, String apiKey, String model, PrintStream out) {
        OpenAiChatModel chat = OpenAiChatModel.builder()
                .baseUrl(openAiBaseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .maxTokens(32)
                .timeout(Duration.ofSeconds(60))
                .build();
        String plain = chat.chat("Give me three words about mountains.");
        out.println("Plain: " + plain);

        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
                .baseUrl(openAiBaseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .maxTokens(32)
                .timeout(Duration.ofSeconds(60))
                .build();
        StringBuilder parts = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        out.print("Streamed: ");
        streaming.chat("Give me three words about rivers.", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                parts.append(partial);
                out.print(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.orTimeout(60, TimeUnit.SECONDS).join();
        out.println();
        out.println("Finish reason: " + response.finishReason() + ", tokens: " + response.tokenUsage());
        return new Outcome(plain, parts.toString(), response);
    }
}
