package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Confirmation;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Progress;
import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentStatus;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls deploy delete}. */
@Command(
        name = "delete",
        description = {
            "Delete a deployment: its workers stop and requests still in flight fail.",
            "On a terminal it asks first, naming the deployment; any answer but y or yes keeps it and exits 1."
                    + " --yes skips the question; scripts (no terminal) are not asked.",
            "With --wait, return once it is gone."
        })
public final class DeployDelete extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Option(
            names = {"-y", "--yes"},
            description = "Delete without asking.")
    boolean yes;

    @Mixin
    JsonOption json;

    @Option(names = "--wait", description = "Wait until the deployment is gone.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2m",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    protected int run() throws InterruptedException, IOException {
        jls().checkHostedWrite("deploy delete");
        if (!yes && jls().terminal().interactive()) {
            Deployment d = client().deployments().retrieve(deploymentId);
            String named = "deployment " + d.name() + " (" + deploymentId + ")";
            if (!Confirmation.ask(output(), jls().stdin(), "Delete " + named + "?")) {
                output().err().println("Not deleted: " + named + " is left as it was.");
                output().err().flush();
                return ExitCodes.ERROR;
            }
        }
        client().deployments().delete(deploymentId);
        boolean gone = false;
        if (await) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try (Progress progress = new Progress(output(), "deleting " + deploymentId)) {
                DeploymentStatus last = null;
                while (!gone) {
                    try {
                        last = client().deployments().retrieveStatus(deploymentId);
                        progress.state(last.asString());
                    } catch (NotFoundException e) {
                        progress.state("gone");
                        gone = true;
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AwaitTimeoutException(deploymentId, timeout, last);
                    }
                    Thread.sleep(200);
                }
            }
        }
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            doc.put("deployment_id", deploymentId);
            doc.put("deleted", true);
            doc.put("gone", gone);
            output().json(doc);
        } else {
            output().line(
                            gone
                                    ? "Deleted " + deploymentId + "."
                                    : "Deleting " + deploymentId + " (its workers are stopping).");
        }
        return ExitCodes.OK;
    }
}
