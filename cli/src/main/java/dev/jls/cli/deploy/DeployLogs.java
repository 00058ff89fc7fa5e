package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.CommandFailure;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Output;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.LogOptions;
import dev.jls.sdk.LogStream;
import dev.jls.sdk.models.Workers;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Option(
            names = "--tail",
            paramLabel = "N",
            defaultValue = "100",
            description = "How many past lines to print first (default: ${DEFAULT-VALUE}).")
    int tail;

    @Option(
            names = {"-f", "--follow"},
            description = "Follow new lines (the default; for the official jl's command lines).")
    boolean follow;

    @Option(names = "--no-follow", negatable = false, description = "Print the past lines and stop.")
    boolean noFollow;

    @Option(names = "--worker", paramLabel = "ID", description = "Only this worker's lines.")
    Integer worker;

    @Override
    protected int run() {
        if (tail < 0) {
            throw usage("Invalid value for option '--tail': must be 0 or more, was " + tail);
        }
        if (follow && noFollow) {
            throw usage("--follow and --no-follow contradict each other: give one");
        }
        Output out = output();
        if (follow && out.isJson()) {
            throw usage("--follow cannot be used with JSON output, which prints the current lines once");
        }
        if (worker != null) {
            checkWorker();
        }
        boolean following = !noFollow && !out.isJson();
        LogOptions.Builder options =
                LogOptions.builder().tail(tail).follow(following).notices(true);
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

    /** Fails with exit code 4, naming the workers there are, unless the deployment has worker {@link #worker}. */
    private void checkWorker() {
        List<Long> ids =
                client().deployments().retrieve(deploymentId).workers().map(Workers::list).orElse(List.of()).stream()
                        .flatMap(w -> w.workerId().stream())
                        .toList();
        if (!ids.contains(worker.longValue())) {
            throw new CommandFailure(
                    ExitCodes.NOT_FOUND,
                    "deployment " + deploymentId + " has no worker " + worker
                            + (ids.isEmpty()
                                    ? " (it has no workers now)"
                                    : " (its workers: "
                                            + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                                            + ")"));
        }
    }
}
