package dev.jls.samples;

import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.UnauthorizedException;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What goes wrong, and the exception that says so. Every jls exception is unchecked and extends
 * {@link JlsException}; HTTP errors extend {@link JlsServiceException} and carry the status, headers and
 * the server's message.
 *
 * <ul>
 *   <li>a spec out of bounds, refused before anything is sent: {@link JlsValidationException} naming the field;</li>
 *   <li>a wrong API key: {@link UnauthorizedException} (401);</li>
 *   <li>an id that does not exist: {@link NotFoundException} (404);</li>
 *   <li>a request the engine refused: it ends {@code Failed}, and await throws
 *       {@link RequestFailedException} with the error's type, message and code;</li>
 *   <li>an answer that takes longer than the caller will wait: {@link AwaitTimeoutException} naming the
 *       last state; the request goes on unless cancelled, as here.</li>
 * </ul>
 */
public final class ErrorHandling {

    /** Slows the simulated engine down so that the timeout below is certain to be reached. */
    static final String SIM_TOKENS_PER_SECOND = "JLS_SIM_TOKENS_PER_SECOND";

    private ErrorHandling() {}

    /** The exceptions caught, in order. */
    public record Outcome(List<JlsException> caught) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out);
                SampleDeployment deployment = SampleDeployment.open(target.client(), "errors-sample", System.out)) {
            run(target.client(), deployment.id(), System.out);
        }
    }

    public static Outcome run(JlsClient client, String deploymentId, PrintStream out) {
        List<JlsException> caught = new ArrayList<>();

        // 1. Checked on the client: min_workers above max_workers never reaches the server.
        try {
            client.deployments()
                    .create(SampleDeployment.spec("too-few").toBuilder()
                            .minWorkers(3)
                            .maxWorkers(1)
                            .build());
            out.println("unexpected: the spec was accepted");
        } catch (JlsValidationException e) {
            caught.add(e);
            out.println("Invalid spec: field " + e.field() + ": " + e.getMessage());
        }

        // 2. A wrong key. newBuilder() copies the client's settings; this copy is closed here.
        try (JlsClient wrongKey = client.newBuilder().apiKey("not-a-real-key").build()) {
            wrongKey.deployments().list();
            out.println("unexpected: the wrong key was accepted");
        } catch (UnauthorizedException e) {
            caught.add(e);
            out.println("Wrong key: " + e.statusCode() + " " + e.errorMessage().orElse(e.getMessage()));
        }

        // 3. An id that does not exist.
        try {
            client.deployments().retrieve("dep-000000000000");
            out.println("unexpected: found dep-000000000000");
        } catch (NotFoundException e) {
            caught.add(e);
            out.println("Unknown deployment: " + e.statusCode() + " "
                    + e.errorMessage().orElse(e.getMessage()));
        }

        // 4. A request the engine refuses: a model this deployment does not serve.
        SubmittedRequest refused = client.requests()
                .submit(
                        deploymentId,
                        ChatCompletionRequest.builder()
                                .model("no-such-model")
                                .addUserMessage("Hello?")
                                .build());
        try {
            client.requests().awaitChatCompletion(deploymentId, refused.id());
            out.println("unexpected: the request completed");
        } catch (RequestFailedException e) {
            caught.add(e);
            out.println("Failed request " + refused.id() + ": " + e.error().type() + ", "
                    + e.error().message()
                    + e.error().code().map(code -> " (code " + code + ")").orElse(""));
        }

        // 5. A slow answer and an impatient caller, on a deployment whose engine makes 10 tokens a second.
        DeploymentSpec slow = SampleDeployment.spec("slow-sample").toBuilder()
                .minWorkers(0)
                .maxWorkers(1)
                .putEnv(SIM_TOKENS_PER_SECOND, "10")
                .build();
        try (SampleDeployment slowDeployment = SampleDeployment.create(client, slow, out)) {
            SubmittedRequest slowRequest = client.requests()
                    .submit(
                            slowDeployment.id(),
                            ChatCompletionRequest.builder()
                                    .addUserMessage("Tell me everything.")
                                    .maxTokens(200)
                                    .ignoreEos(true)
                                    .build());
            try {
                client.requests()
                        .await(
                                slowDeployment.id(),
                                slowRequest.id(),
                                AwaitOptions.builder()
                                        .timeout(Duration.ofMillis(500))
                                        .build());
                out.println("The answer came within half a second after all");
            } catch (AwaitTimeoutException e) {
                caught.add(e);
                out.println("Timed out after " + e.timeout().toMillis() + " ms; last state "
                        + e.lastState().map(Object::toString).orElse("unknown"));
                client.requests().cancel(slowDeployment.id(), slowRequest.id());
                RequestResult after = client.requests().fetch(slowDeployment.id(), slowRequest.id());
                out.println("Cancelled it; it is now " + after.state());
            }
        }
        return new Outcome(caught);
    }
}
