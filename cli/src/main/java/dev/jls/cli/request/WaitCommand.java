package dev.jls.cli.request;

import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.models.RequestResult;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls wait}: follow a request through its states, then print the answer. */
@Command(
        name = "wait",
        description = {
            "Wait for a request: show each state as it changes (with the time), then the answer.",
            "Exits 5 if the request failed or was cancelled, 6 at the timeout."
        })
public final class WaitCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Parameters(index = "1", paramLabel = "REQUEST", description = "The request id (req-...).")
    String requestId;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    protected int run() throws InterruptedException {
        RequestResult.Completed result = RequestWatcher.await(client(), output(), deploymentId, requestId, timeout);
        if (output().isJson()) {
            output().json(result.raw());
        } else {
            Answers.print(output(), result.raw());
        }
        return ExitCodes.OK;
    }
}
