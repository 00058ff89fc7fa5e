package dev.jls.cli.deploy;

import dev.jls.cli.ExitCodes;
import dev.jls.cli.Jls;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.cli.Output;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.Framework;
import dev.jls.sdk.models.WorkerInfo;
import dev.jls.sdk.models.Workers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jls deploy get}: the full record, with its workers. */
@Command(name = "get", description = "Show a deployment: its settings, status and workers.")
public final class DeployGet extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Mixin
    JsonOption json;

    @Override
    protected int run() {
        Deployment d = client().deployments().retrieve(deploymentId);
        if (output().isJson()) {
            output().json(d.toJson());
            return ExitCodes.OK;
        }
        print(output(), d, client().openai(deploymentId).baseUrl(), jls().connection());
        return ExitCodes.OK;
    }

    /**
     * The record as fields, its OpenAI base URL last, then its workers; for a running deployment, lines to
     * paste to call that URL follow on standard error.
     */
    static void print(Output out, Deployment d, String openAiBaseUrl, Jls.Connection connection) {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"id", d.deploymentId()});
        fields.add(new String[] {"name", d.name()});
        fields.add(new String[] {"status", d.status().asString()});
        d.errorMessage().ifPresent(m -> fields.add(new String[] {"error", m}));
        fields.add(new String[] {"model", d.model().orElse("-")});
        String otherArgs = d.args().entrySet().stream()
                .filter(e -> !e.getKey().equals("model"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        if (!otherArgs.isEmpty()) {
            fields.add(new String[] {"args", otherArgs});
        }
        fields.add(new String[] {
            "framework", d.framework().map(Framework::asString).orElse("-")
        });
        fields.add(new String[] {"region", d.region().orElse("-")});
        fields.add(new String[] {
            "gpu",
            String.join(",", d.gpusToUse())
                    + d.gpusPerWorker().map(n -> " x" + n + " per worker").orElse("")
        });
        Workers workers = d.workers().orElse(null);
        fields.add(new String[] {
            "workers",
            (workers == null ? "-" : workers.healthy() + " healthy, " + workers.provisioning() + " provisioning")
                    + " (min " + text(d.minWorkers()) + ", max " + text(d.maxWorkers()) + ")"
        });
        fields.add(new String[] {"concurrent", text(d.concurrentRequests()) + " per worker"});
        fields.add(new String[] {"idle timeout", text(d.idleTimeout()) + "s"});
        fields.add(new String[] {"wait time", text(d.waitTime()) + "s"});
        fields.add(new String[] {"queue depth", text(d.queueDepth())});
        d.totalCost()
                .ifPresent(cost -> fields.add(new String[] {
                    "cost",
                    BigDecimal.valueOf(cost).toPlainString()
                            + d.currency().map(c -> " " + c).orElse("")
                }));
        if (!d.env().isEmpty()) {
            fields.add(new String[] {
                "env", d.env().entrySet().stream().map(Map.Entry::toString).collect(Collectors.joining(" "))
            });
        }
        d.createdAtRaw().ifPresent(t -> fields.add(new String[] {"created", t}));
        fields.add(new String[] {"openai url", openAiBaseUrl});
        out.fields(fields);
        List<WorkerInfo> list = workers == null ? List.of() : workers.list();
        if (!list.isEmpty()) {
            out.out().println();
            List<List<String>> rows = new ArrayList<>();
            for (WorkerInfo w : list) {
                rows.add(List.of(
                        w.workerId().map(String::valueOf).orElse("-"),
                        w.status().asString(),
                        w.pid().map(String::valueOf).orElse("-"),
                        w.port().map(String::valueOf).orElse("-"),
                        w.gpus().isEmpty()
                                ? "-"
                                : w.gpus().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        w.inFlight().map(String::valueOf).orElse("-"),
                        w.lastUsedRaw().orElse("-")));
            }
            out.table(List.of("worker", "status", "pid", "port", "gpus", "in flight", "last used"), rows);
        }
        out.out().flush();
        if (d.status().equals(DeploymentStatus.RUNNING)) {
            out.note("Call it with any OpenAI client:\n"
                    + String.join("\n", OpenAiSnippet.call(openAiBaseUrl, OpenAiSnippet.modelOf(d), connection)));
        }
    }

    static String text(java.util.Optional<?> value) {
        return value.map(String::valueOf).orElse("-");
    }
}
