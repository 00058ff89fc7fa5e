package dev.jls.cli.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import dev.jls.cli.ErrorReport;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Output;
import dev.jls.sdk.errors.RegionError;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.Framework;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jls deploy list}. */
@Command(
        name = "list",
        description = {
            "List the deployments.",
            "Without --base-url or --region every region is asked; one that cannot be reached is named in a"
                    + " warning on standard error, and the command fails only when none answers."
        })
public final class DeployList extends JlsCommand {

    static final List<String> COLUMNS = List.of("id", "name", "status", "gpu", "workers", "concurrent", "region");

    static final List<String> WIDE_COLUMNS = List.of(
            "id",
            "name",
            "status",
            "framework",
            "gpu",
            "gpus/worker",
            "workers",
            "concurrent",
            "region",
            "cost",
            "started");

    @Option(
            names = "--wide",
            description = "More columns: framework, GPU types and GPUs per worker apart, cost so far, start time.")
    boolean wide;

    @Mixin
    JsonOption json;

    @Override
    protected int run() {
        DeploymentList listing = client().deployments().list();
        warnOfUnlisted(output(), listing);
        List<DeploymentSummary> deployments = listing.deployments();
        if (output().isJson()) {
            ObjectNode doc = Documents.object();
            ArrayNode list = doc.putArray("deployments");
            deployments.forEach(d -> list.add(d.toJson()));
            if (!listing.complete()) {
                ArrayNode errors = doc.putArray("region_errors");
                for (RegionError unreachable : listing.regionErrors()) {
                    errors.addObject()
                            .put("region", unreachable.region().toString())
                            .put("error", ErrorReport.message(unreachable.error()));
                }
            }
            output().json(doc);
            return ExitCodes.OK;
        }
        if (deployments.isEmpty()) {
            output().line("No deployments. Create one with: jls deploy create --model Qwen/Qwen3-0.6B");
            return ExitCodes.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        for (DeploymentSummary d : deployments) {
            String workers = d.minWorkers().map(String::valueOf).orElse("?") + "-"
                    + d.maxWorkers().map(String::valueOf).orElse("?");
            String concurrent = d.concurrentRequests().map(String::valueOf).orElse("-");
            if (wide) {
                rows.add(List.of(
                        d.deploymentId(),
                        d.name(),
                        d.status().asString(),
                        d.framework().map(Framework::asString).orElse("-"),
                        String.join(",", d.gpusToUse()),
                        d.gpusPerWorker().map(String::valueOf).orElse("-"),
                        workers,
                        concurrent,
                        d.region().orElse("-"),
                        d.totalCost()
                                .map(c -> BigDecimal.valueOf(c).toPlainString()
                                        + d.currency().map(u -> " " + u).orElse(""))
                                .orElse("-"),
                        d.startTimeRaw().orElse("-")));
            } else {
                rows.add(List.of(
                        d.deploymentId(),
                        d.name(),
                        d.status().asString(),
                        String.join(",", d.gpusToUse())
                                + d.gpusPerWorker().map(n -> " x" + n).orElse(""),
                        workers,
                        concurrent,
                        d.region().orElse("-")));
            }
        }
        output().table(wide ? WIDE_COLUMNS : COLUMNS, rows);
        return ExitCodes.OK;
    }

    /** One warning line on standard error per region the listing could not ask, in any output format. */
    static void warnOfUnlisted(Output out, DeploymentList listing) {
        for (RegionError unreachable : listing.regionErrors()) {
            out.err()
                    .println(out.yellow("warning:") + " could not reach region " + unreachable.region()
                            + ", so its deployments are not listed: " + ErrorReport.message(unreachable.error()));
        }
        out.err().flush();
    }
}
