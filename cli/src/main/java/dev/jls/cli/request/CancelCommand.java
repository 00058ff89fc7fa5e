package dev.jls.cli.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls cancel}. */
@Command(
        name = "cancel",
        description = {
            "Cancel a request that has not finished.",
            "A request that already completed or failed cannot be cancelled (exit code 1)."
        })
public final class CancelCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Parameters(index = "1", paramLabel = "REQUEST", description = "The request id (req-...).")
    String requestId;

    @Override
    protected int run() {
        client().requests().cancel(deploymentId, requestId);
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            doc.put("id", requestId);
            doc.put("status", "Cancelled");
            output().json(doc);
        } else {
            output().line("Cancelled " + requestId + ".");
        }
        return ExitCodes.OK;
    }
}
