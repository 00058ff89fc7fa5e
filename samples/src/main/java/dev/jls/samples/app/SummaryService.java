package dev.jls.samples.app;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import java.util.Objects;
import java.util.Set;

/**
 * An application service built on jls, written to be tested: it summarises a text with a model served
 * by a jls deployment, submits it again when the model failed in a way that may pass, and answers a
 * fallback rather than an error when the model cannot answer. Its test (SummaryServiceTest) is the
 * walk-through of docs/testing.md: declared deployments, a crashed worker, failing answers, and a scale
 * to zero on virtual time.
 */
public final class SummaryService {

    /** What {@link #summarize} answers when the model could not. */
    public static final String FALLBACK = "No summary is available right now.";

    /** Failures that a try later may not meet: the model failed, or its worker did. */
    private static final Set<String> PASSING =
            Set.of("engine_error", "worker_crashed", "worker_unresponsive", "queue_timeout", "request_timeout");

    private final JlsClient client;
    private final String deploymentId;
    private final String model;
    private final int maxAttempts;

    /**
     * @param client the jls client; not closed here
     * @param deploymentId the deployment that serves the model
     * @param model the name requests give as their {@code model}
     * @param maxAttempts how many times a text is submitted before the fallback, at least 1
     */
    public SummaryService(JlsClient client, String deploymentId, String model, int maxAttempts) {
        this.client = Objects.requireNonNull(client, "client");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        this.model = Objects.requireNonNull(model, "model");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /**
     * A summary and how it came about.
     *
     * @param text the summary, or {@link #FALLBACK}
     * @param attempts how many times the text was submitted
     * @param fallback whether the model could not answer
     */
    public record Summary(String text, int attempts, boolean fallback) {}

    /**
     * Summarises {@code text}: submits it, and again (up to {@code maxAttempts} in all) when the model
     * or its worker failed; answers {@link #FALLBACK} once they are used up, or at once when the
     * deployment refuses requests or fails them for good (it was deleted, its workers cannot start).
     */
    public Summary summarize(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text: must not be blank");
        }
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .model(model)
                .addSystemMessage("Summarise the text in one sentence.")
                .addUserMessage(text.strip())
                .maxTokens(32)
                .build();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                String id = client.requests().submit(deploymentId, request).id();
                ChatCompletion answer = client.requests().awaitChatCompletion(deploymentId, id);
                return new Summary(answer.firstContent().orElse("").strip(), attempt, false);
            } catch (RequestFailedException e) {
                if (!PASSING.contains(e.error().type())) {
                    return new Summary(FALLBACK, attempt, true);
                }
            } catch (JlsServiceException e) {
                // the deployment refused the request (full queue, failed or gone), after the client's own retries
                return new Summary(FALLBACK, attempt, true);
            }
        }
        return new Summary(FALLBACK, maxAttempts, true);
    }
}
