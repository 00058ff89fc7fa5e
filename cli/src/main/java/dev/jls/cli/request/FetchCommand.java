package dev.jls.cli.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.sdk.models.RequestResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls fetch}: one look at a request, without waiting. */
@Command(
        name = "fetch",
        description = {
            "Fetch a request once: its answer when completed, else its state.",
            "Exit code 0 when completed or still pending, 5 when failed or cancelled."
        })
public final class FetchCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Parameters(index = "1", paramLabel = "REQUEST", description = "The request id (req-...).")
    String requestId;

    @Override
    protected int run() {
        RequestResult result = client().requests().fetch(deploymentId, requestId);
        Output out = output();
        if (result instanceof RequestResult.Completed completed) {
            if (out.isJson()) {
                out.json(completed.raw());
            } else {
                Answers.print(out, completed.raw());
            }
            return ExitCodes.OK;
        }
        ObjectNode doc = Documents.object();
        doc.put("id", requestId);
        if (result instanceof RequestResult.Pending pending) {
            doc.put("status", pending.state().asString());
            if (out.isJson()) {
                out.json(doc);
            } else {
                out.line(pending.state().asString());
                out.note("Not finished yet; wait for it with: jls wait " + deploymentId + " " + requestId);
            }
            return ExitCodes.OK;
        }
        if (result instanceof RequestResult.Failed failed) {
            doc.put("status", "Failed");
            doc.set("error", failed.error().toJson());
            if (out.isJson()) {
                out.json(doc);
            } else {
                out.line("Failed");
                out.err()
                        .println(out.red("error:") + " " + failed.error().type() + ": "
                                + failed.error().message());
                out.err().flush();
            }
            return ExitCodes.FAILED;
        }
        doc.put("status", "Cancelled");
        if (out.isJson()) {
            out.json(doc);
        } else {
            out.line("Cancelled");
        }
        return ExitCodes.FAILED;
    }
}
