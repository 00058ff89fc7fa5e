package dev.jls.samples.app;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatChoice;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.FinishReason;
import java.util.Objects;

/**
 * A small application built on jls: it turns a support ticket into a one-line summary with a model
 * served by a jls deployment. Its integration test (TicketSummarizerTest) runs it against the emulator
 * through the JUnit 5 extension, as any application's test would.
 */
public final class TicketSummarizer {

    static final String INSTRUCTIONS = "Summarise the customer's support ticket in one short line.";

    private final JlsClient client;
    private final String deploymentId;
    private final int maxTokens;

    /**
     * @param client the jls client; not closed here
     * @param deploymentId the deployment that serves the model
     * @param maxTokens the longest summary, in tokens
     */
    public TicketSummarizer(JlsClient client, String deploymentId, int maxTokens) {
        this.client = Objects.requireNonNull(client, "client");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens: must be at least 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
    }

    /** A ticket's summary; {@code cut} when the model hit the token limit before it ended. */
    public record Summary(String text, boolean cut, int tokens) {}

    /**
     * Summarises one ticket. The same ticket always gets the same summary (temperature 0, fixed seed).
     *
     * @param ticket the ticket's text, not blank
     * @return the summary
     */
    public Summary summarize(String ticket) {
        if (ticket == null || ticket.isBlank()) {
            throw new IllegalArgumentException("ticket: must not be blank");
        }
        ChatCompletion completion = client.openai(deploymentId)
                .createChatCompletion(ChatCompletionRequest.builder()
                        .addSystemMessage(INSTRUCTIONS)
                        .addUserMessage(ticket.strip())
                        .maxTokens(maxTokens)
                        .temperature(0.0)
                        .seed(7L)
                        .build());
        ChatChoice choice = completion.choices().get(0);
        String text = choice.message().content().orElse("").strip().replaceAll("\\s+", " ");
        boolean cut = choice.finishReason().map(FinishReason.LENGTH::equals).orElse(false);
        int tokens = completion.usage().map(usage -> usage.completionTokens()).orElse(0);
        return new Summary(text, cut, tokens);
    }
}
