package dev.jls.samples;

import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.JlsClientAsync;
import dev.jls.sdk.models.ChatCompletionRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fan out many requests at once and gather their answers with {@link CompletableFuture}.
 *
 * <p>{@code client.async()} answers every call with a future: each submit completes as soon as the
 * request is queued, and its await then polls on the client's scheduler, without a thread per request.
 * The deployment scales its workers to the demand. Cancelling one of the futures stops its polling.
 */
public final class AsyncFanOut {

    /** How many requests the sample sends when run on its own. */
    public static final int DEFAULT_REQUESTS = 24;

    private AsyncFanOut() {}

    /** The answers in the order the questions were asked, and how long it all took. */
    public record Outcome(List<String> questions, List<String> answers, Duration elapsed) {}

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_REQUESTS;
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment = SampleDeployment.open(target.client(), "fan-out-sample", System.out)) {
            run(target.client(), deployment.id(), requests, System.out);
        }
    }

    public static Outcome run(JlsClient client, String deploymentId, int requests, PrintStream out) {
        if (requests < 1) {
            throw new IllegalArgumentException("requests: must be at least 1, was " + requests);
        }
        long start = System.nanoTime();
        AwaitOptions await =
                AwaitOptions.builder().timeout(Duration.ofMinutes(2)).build();

        JlsClientAsync async = client.async();
        List<String> questions = new ArrayList<>();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 1; i <= requests; i++) {
            String question = "Question " + i + ": name a colour that rhymes with number " + i + ".";
            questions.add(question);
            ChatCompletionRequest request = ChatCompletionRequest.builder()
                    .addUserMessage(question)
                    .maxTokens(16)
                    .seed(i)
                    .build();
            answers.add(async.requests()
                    .submit(deploymentId, request)
                    .thenCompose(submitted -> async.requests().awaitChatCompletion(deploymentId, submitted.id(), await))
                    .thenApply(chat -> chat.firstContent().orElse("")));
        }
        out.println("Submitted " + requests + " requests");

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .orTimeout(3, TimeUnit.MINUTES)
                .join();
        List<String> texts = answers.stream().map(CompletableFuture::join).toList();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        for (int i = 0; i < Math.min(3, texts.size()); i++) {
            out.println("  " + questions.get(i) + " -> " + texts.get(i));
        }
        out.println("All " + texts.size() + " answers arrived in " + elapsed.toMillis() + " ms");
        return new Outcome(questions, texts, elapsed);
    }
}
