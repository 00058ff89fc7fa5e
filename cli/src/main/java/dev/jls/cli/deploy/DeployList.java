package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.sdk.models.DeploymentSummary;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code jls deploy list}. */
@Command(name = "list", description = "List the deployments.")
public final class DeployList extends JlsCommand {

    @Override
    protected int run() {
        List<DeploymentSummary> deployments = client().deployments().list();
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            ArrayNode list = doc.putArray("deployments");
            deployments.forEach(d -> list.add(d.toJson()));
            output().json(doc);
            return ExitCodes.OK;
        }
        if (deployments.isEmpty()) {
            output().line("No deployments. Create one with: jls deploy create --model Qwen/Qwen3-0.6B");
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (DeploymentSummary d : deployments) {
            rows.add(List.of(
                    d.deploymentId(),
                    d.name(),
                    d.status().asString(),
                    String.join(",", d.gpusToUse())
                            + d.gpusPerWorker().map(n -> " x" + n).orElse(""),
                    d.minWorkers().map(String::valueOf).orElse("?") + "-"
                            + d.maxWorkers().map(String::valueOf).orElse("?"),
                    d.concurrentRequests().map(String::valueOf).orElse("-"),
                    d.region().orElse("-")));
        }
        output().table(List.of("id", "name", "status", "gpu", "workers", "concurrent", "region"), rows);
        return ExitCodes.OK;
    }
}
