package dev.jls.cli;

import dev.jls.emulator.internal.cli.DurationSyntax;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.DeploymentSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jls __complete deployments|requests [DEPLOYMENT]}: the ids the completion script offers, one a
 * line, for the target that the same flags, profile and environment select. Hidden: the script calls
 * it, people do not. Deployment ids come from the server, within {@link #WAIT}; request ids from the
 * {@link RequestHistory} of this configuration directory. It never fails: without a key, with the server
 * down or slow, it prints nothing and exits 0, so a TAB never prints an error into the command line.
 */
@Command(
        name = "__complete",
        hidden = true,
        description = "Print the deployment or request ids the completion script offers, one a line.")
public final class CompleteCommand extends JlsCommand {

    /**
     * The longest the server is waited for, by default: a TAB that takes longer is worse than no
     * candidates. {@value #WAIT_VARIABLE} (e.g. {@code 3s}) sets another.
     */
    static final Duration WAIT = Duration.ofSeconds(1);

    static final String WAIT_VARIABLE = "JLS_COMPLETION_WAIT";

    /** What is completed. */
    public enum Kind {
        deployments,
        requests
    }

    @Parameters(index = "0", paramLabel = "KIND", description = "deployments or requests.")
    Kind kind;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "DEPLOYMENT",
            description = "For requests: only those of this deployment.")
    String deploymentId;

    @Override
    protected int run() {
        List<String> candidates;
        try {
            candidates = kind == Kind.deployments ? deploymentIds() : requestIds();
        } catch (Exception | LinkageError quiet) {
            candidates = List.of();
        }
        PrintWriter out = spec.commandLine().getOut();
        candidates.forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    private List<String> deploymentIds() throws Exception {
        Jls.Connection c = jls().connection();
        if (c.apiKey().isEmpty()) {
            return List.of();
        }
        String configured = jls().env().get(WAIT_VARIABLE);
        Duration wait = configured == null || configured.isBlank() ? WAIT : DurationSyntax.parse(configured);
        JlsClient.Builder builder = JlsClient.builder()
                .apiKey(c.apiKey().get())
                .timeout(wait)
                .connectTimeout(wait)
                .maxRetries(0);
        c.baseUrl().ifPresent(builder::baseUrl);
        c.region().ifPresent(builder::region);
        JlsClient client = builder.build();
        // Without a region every region is asked; the whole listing, not each call, is bounded.
        CompletableFuture<List<String>> listing = CompletableFuture.supplyAsync(
                () -> client.deployments().list().deployments().stream()
                        .map(DeploymentSummary::deploymentId)
                        .toList(),
                task -> {
                    Thread thread = new Thread(task, "jls-complete");
                    thread.setDaemon(true);
                    thread.start();
                });
        try {
            return listing.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            client.close();
        }
    }

    private List<String> requestIds() throws Exception {
        return new RequestHistory(jls().configDir()).requestIds(RequestHistory.target(baseUrl()), deploymentId);
    }
}
