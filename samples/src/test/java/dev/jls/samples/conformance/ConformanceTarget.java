package dev.jls.samples.conformance;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.jls.samples.SampleDeployment;
import dev.jls.sdk.JlsClient;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Two deployments on one emulator and an OpenAI client for each: one that answers normally, and one
 * whose engine fails every request after three tokens (so a stream breaks after it began).
 */
final class ConformanceTarget implements AutoCloseable {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final String apiKey;
    private final SampleDeployment deployment;
    private final SampleDeployment failing;
    private final OpenAIClient openai;
    private final OpenAIClient failingOpenAi;
    private final String openAiBaseUrl;

    private ConformanceTarget(
            String apiKey,
            SampleDeployment deployment,
            SampleDeployment failing,
            String openAiBaseUrl,
            OpenAIClient openai,
            OpenAIClient failingOpenAi) {
        this.apiKey = apiKey;
        this.deployment = deployment;
        this.failing = failing;
        this.openAiBaseUrl = openAiBaseUrl;
        this.openai = openai;
        this.failingOpenAi = failingOpenAi;
    }

    /**
     * Creates both deployments and their clients.
     *
     * @param client a jls client on the emulator; not closed here
     * @param apiKey its key, given to the OpenAI clients
     * @param strict whether the OpenAI clients validate every answer fully
     */
    static ConformanceTarget create(JlsClient client, String apiKey, boolean strict) {
        Objects.requireNonNull(apiKey, "apiKey");
        SampleDeployment deployment = SampleDeployment.create(client, SampleDeployment.spec("conformance"), QUIET);
        SampleDeployment failing = null;
        try {
            failing = SampleDeployment.create(
                    client,
                    SampleDeployment.spec("conformance-failing").toBuilder()
                            .minWorkers(0)
                            .maxWorkers(1)
                            .putEnv("JLS_SIM_ERROR_AFTER_TOKENS", "3")
                            .build(),
                    QUIET);
            String base = client.openai(deployment.id()).baseUrl();
            return new ConformanceTarget(
                    apiKey,
                    deployment,
                    failing,
                    base,
                    openAi(base, apiKey, strict),
                    openAi(client.openai(failing.id()).baseUrl(), apiKey, strict));
        } catch (RuntimeException e) {
            deployment.close();
            if (failing != null) {
                failing.close();
            }
            throw e;
        }
    }

    private static OpenAIClient openAi(String baseUrl, String apiKey, boolean strict) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .responseValidation(strict)
                .build();
    }

    OpenAIClient openai() {
        return openai;
    }

    OpenAIClient failingOpenAi() {
        return failingOpenAi;
    }

    String model() {
        return deployment.modelName();
    }

    String deploymentId() {
        return deployment.id();
    }

    String openAiBaseUrl() {
        return openAiBaseUrl;
    }

    String apiKey() {
        return apiKey;
    }

    @Override
    public void close() {
        try {
            openai.close();
            failingOpenAi.close();
        } finally {
            try {
                deployment.close();
            } finally {
                failing.close();
            }
        }
    }
}
