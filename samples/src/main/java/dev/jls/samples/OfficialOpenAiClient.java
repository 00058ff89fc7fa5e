package dev.jls.samples;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Objects;

/**
 * The official OpenAI Java client ({@code com.openai:openai-java}) talking to a jls deployment.
 *
 * <p>Every deployment has an OpenAI-compatible base URL, {@code {host}/openai/{deployment id}/v1}
 * ({@code client.openai(id).baseUrl()}); give it and the jls API key to the OpenAI client,
 * and name the deployment's served model in each request.
 */
public final class OfficialOpenAiClient {

    private OfficialOpenAiClient() {}

    /** The plain answer, and the streamed one joined from its chunks. */
    public record Outcome(ChatCompletion plain, String streamed, int chunks) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment =
                        SampleDeployment.open(target.client(), "openai-client-sample", System.out)) {
            run(target.client().openai(deployment.id()).baseUrl(), target.apiKey(), deployment.modelName(), System.out);
        }
    }

    public static Outcome run(String openAiBaseUrl, String apiKey, String model, PrintStream out) {
        Objects.requireNonNull(openAiBaseUrl, "openAiBaseUrl");
        OpenAIClient openai = OpenAIOkHttpClient.builder()
                .baseUrl(openAiBaseUrl)
                .apiKey(apiKey)
                .build();
        try {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                    .model(model)
                    .addSystemMessage("You answer in one sentence.")
                    .addUserMessage("What is a serverless GPU?")
                    .maxCompletionTokens(32)
                    .build();

            ChatCompletion plain = openai.chat().completions().create(params);
            out.println("Plain: " + plain.choices().get(0).message().content().orElse(""));

            StringBuilder streamed = new StringBuilder();
            int chunks = 0;
            out.print("Streamed: ");
            try (StreamResponse<ChatCompletionChunk> stream =
                    openai.chat().completions().createStreaming(params)) {
                Iterator<ChatCompletionChunk> it = stream.stream().iterator();
                while (it.hasNext()) {
                    ChatCompletionChunk chunk = it.next();
                    chunks++;
                    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                        choice.delta().content().ifPresent(text -> {
                            streamed.append(text);
                            out.print(text);
                        });
                    }
                }
            }
            out.println();
            out.println("Chunks: " + chunks);
            return new Outcome(plain, streamed.toString(), chunks);
        } finally {
            openai.close();
        }
    }
}
