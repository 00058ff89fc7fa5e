package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.LogOptions;
import dev.jls.sdk.LogStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls deploy logs}: worker log lines, following new ones until Ctrl-C. */
@Command(
        name = "logs",
        description = {
            "Print the workers' log lines, then follow new ones until Ctrl-C.",
            "Following also ends when no worker is left to follow (the deployment was deleted). The"
                    + " service's notices go to standard error.",
            "With -o json: the current lines as one document, without following."
        })
public final class DeployLogs extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Option(
            names = "--tail",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many past lines to print first (default: ${DEFAULT-VALUE}).")
    int tail;

    @Option(names = "--no-follow", negatable = false, description = "Print the past lines and stop.")
    boolean noFollow;

    @Option(names = "--worker", paramLabel = "ID", description = "Only this worker's lines.")
    Integer worker;

    @Override
    protected int run() {
        if (tail < 0) {
            throw usage("Invalid value for option '--tail': must be 0 or more, was " + tail);
        }
        Output out = output();
        boolean follow = !noFollow && !out.isJson();
        LogOptions.Builder options =
                LogOptions.builder().tail(tail).follow(follow).notices(true);
        if (worker != null) {
            options.worker(worker);
        }
        try (LogStream logs = client().deployments().retrieveLogs(deploymentId, options.build())) {
            if (out.isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("deployment_id", deploymentId);
                ArrayNode lines = doc.putArray("lines");
                ArrayNode notices = doc.putArray("notices");
                logs.forEachRemaining(e -> (e instanceof LogEvent.Notice ? notices : lines).add(e.text()));
                out.json(doc);
                return ExitCodes.OK;
            }
            while (logs.hasNext()) {
                LogEvent event = logs.next();
                if (event instanceof LogEvent.Notice notice) {
                    out.err().println(out.dim("# " + notice.text().strip()));
                    out.err().flush();
                } else {
                    out.out().println(event.text());
                    out.out().flush();
                }
            }
        }
        return ExitCodes.OK;
    }
}
