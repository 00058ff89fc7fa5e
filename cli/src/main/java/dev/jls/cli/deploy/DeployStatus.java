package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.sdk.models.DeploymentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jls deploy status}. */
@Command(name = "status", description = "Print a deployment's status: starting, ..., running, failed, deleting.")
public final class DeployStatus extends JlsCommand {

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Override
    protected int run() {
        DeploymentStatus status = client().deployments().retrieveStatus(deploymentId);
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            doc.put("deployment_id", deploymentId);
            doc.put("status", status.asString());
            output().json(doc);
        } else {
            output().line(status.asString());
        }
        return ExitCodes.OK;
    }
}
