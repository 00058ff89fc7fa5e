package dev.jls.cli.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.FailedDeployment;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.cli.RequestHistory;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.SubmitOptions;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls submit}: queue a chat request; print its id, or with --wait its answer. */
@Command(
        name = "submit",
        sortOptions = false,
        description = {
            "Submit a chat request to a deployment's queue and print the request id.",
            "With --wait, follow it through its states and print the answer.",
            "Examples:",
            "  jls submit dep-0123456789ab -m \"Tell me a story about the moon\" --wait",
            "  jls submit dep-0123456789ab --file request.json",
            "  echo '{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}' | jls submit dep-0123456789ab --file -"
        })
public final class SubmitCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Mixin
    RequestInput input;

    @Option(names = "--wait", description = "Wait for the answer and print it.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description = "Submitting again with the same key gives back the same request instead of a new one.")
    String idempotencyKey;

    @Override
    protected int run() throws InterruptedException {
        ChatCompletionRequest request = input.build(jls().stdin());
        SubmittedRequest submitted;
        try {
            submitted = idempotencyKey == null
                    ? client().requests().submit(deploymentId, request)
                    : client().requests()
                            .submit(
                                    deploymentId,
                                    request,
                                    SubmitOptions.builder()
                                            .idempotencyKey(idempotencyKey)
                                            .build());
        } catch (RuntimeException e) {
            throw FailedDeployment.explain(client(), deploymentId, e);
        }
        remember(submitted.id());
        Output out = output();
        if (!await) {
            if (out.isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("id", submitted.id());
                doc.put("deployment_id", deploymentId);
                out.json(doc);
            } else {
                out.out().println(submitted.id());
                out.out().flush();
                out.note("Submitted. Get the answer with: jls wait " + deploymentId + " " + submitted.id());
            }
            return ExitCodes.OK;
        }
        out.note("Submitted " + submitted.id() + "; waiting for the answer.");
        RequestResult.Completed result = RequestWatcher.await(client(), out, deploymentId, submitted.id(), timeout);
        if (out.isJson()) {
            out.json(result.raw());
        } else {
            Answers.print(out, result.raw());
        }
        return ExitCodes.OK;
    }

    /** Keeps the id for shell completion; a record that cannot be written costs only that. */
    private void remember(String requestId) {
        try {
            new RequestHistory(jls().configDir()).add(RequestHistory.target(baseUrl()), deploymentId, requestId);
        } catch (IOException | RuntimeException e) {
            if (jls().verbose()) {
                output().note("could not record " + requestId + " for completion: " + e.getMessage());
            }
        }
    }
}
