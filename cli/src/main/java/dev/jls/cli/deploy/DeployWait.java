package dev.jls.cli.deploy;

import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Words;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.models.Deployment;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls deploy wait}. */
@Command(
        name = "wait",
        description = {
            "Wait until a deployment is running, showing each status change.",
            "Exits 5 if it fails, 6 at the timeout."
        })
public final class DeployWait extends JlsCommand {

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long to wait (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    protected int run() {
        Deployment d =
                DeploymentWaiter.waitUntilRunning(client(), output(), deploymentId, timeout, Duration.ofMillis(500));
        if (output().isJson()) {
            output().json(d.toJson());
        } else {
            output().line(d.deploymentId() + " is running ("
                    + Words.count(d.workers().map(w -> w.healthy()).orElse(0), "healthy worker") + ").");
        }
        return ExitCodes.OK;
    }
}
