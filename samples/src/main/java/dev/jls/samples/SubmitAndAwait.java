package dev.jls.samples;

import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Submit a chat request to a deployment's queue, look at it once with fetch, then await its answer.
 *
 * <p>Submitting returns at once with a request id; the request then moves {@code Queued → Fetched →
 * Processing → Completed}. Fetch tells where it is now; await polls (long-polling where the server
 * can) until it ends.
 */
public final class SubmitAndAwait {

    private SubmitAndAwait() {}

    /** What the sample saw: the request id, the state of the one fetch, and the answer. */
    public record Outcome(String requestId, RequestResult firstFetch, ChatCompletion answer) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment = SampleDeployment.open(target.client(), "submit-sample", System.out)) {
            run(target.client(), deployment.id(), System.out);
        }
    }

    public static Outcome run(JlsClient client, String deploymentId, PrintStream out) {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addSystemMessage("You are a storyteller.")
                .addUserMessage("Tell me a beautiful story of the moon.")
                .maxTokens(48)
                .build();

        SubmittedRequest submitted = client.requests().submit(deploymentId, request);
        out.println("Submitted request " + submitted.id());

        RequestResult now = client.requests().fetch(deploymentId, submitted.id());
        if (now instanceof RequestResult.Pending pending) {
            out.println("Fetched: still " + pending.state());
        } else if (now instanceof RequestResult.Completed) {
            out.println("Fetched: already Completed");
        } else if (now instanceof RequestResult.Failed failed) {
            out.println("Fetched: Failed, " + failed.error().type() + ": "
                    + failed.error().message());
        } else {
            out.println("Fetched: " + now.state());
        }

        ChatCompletion answer = client.requests()
                .awaitChatCompletion(
                        deploymentId,
                        submitted.id(),
                        AwaitOptions.builder().timeout(Duration.ofMinutes(2)).build());
        out.println("Answer: " + answer.firstContent().orElse(""));
        answer.choices().get(0).finishReason().ifPresent(reason -> out.println("Finish reason: " + reason));
        answer.usage()
                .ifPresent(usage ->
                        out.println("Tokens: " + usage.promptTokens() + " in, " + usage.completionTokens() + " out"));
        return new Outcome(submitted.id(), now, answer);
    }
}
