package dev.jls.samples;

import dev.jls.sdk.ChatCompletionAccumulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.StreamOptions;
import java.io.PrintStream;

/**
 * Stream a chat answer token by token from a deployment's OpenAI-compatible endpoint.
 *
 * <p>The stream is pull-based: iterate {@code stream()}, and close the response (try-with-resources)
 * to end the HTTP call, also when stopping early. An accumulator joins the chunks into the final
 * message; with {@code stream_options} the last chunk carries the token usage.
 */
public final class StreamingChat {

    private StreamingChat() {}

    /** What arrived: how many chunks, and the message they make together. */
    public record Outcome(int chunks, ChatCompletion joined) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment = SampleDeployment.open(target.client(), "stream-sample", System.out)) {
            run(target.client(), deployment.id(), System.out);
        }
    }

    public static Outcome run(JlsClient client, String deploymentId, PrintStream out) {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addUserMessage("Write a short poem about the sea.")
                .maxTokens(40)
                .streamOptions(StreamOptions.withUsage())
                .build();

        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        try (StreamResponse<ChatCompletionChunk> response =
                client.openai(deploymentId).createChatCompletionStreaming(request)) {
            response.stream().forEach(chunk -> {
                accumulator.accept(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(out::print));
            });
        }
        out.println();

        ChatCompletion joined = accumulator.chatCompletion();
        out.println("Chunks: " + accumulator.chunkCount());
        joined.usage()
                .ifPresent(usage ->
                        out.println("Tokens: " + usage.promptTokens() + " in, " + usage.completionTokens() + " out"));
        return new Outcome(accumulator.chunkCount(), joined);
    }
}
