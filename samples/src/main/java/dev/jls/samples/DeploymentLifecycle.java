package dev.jls.samples;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.LogOptions;
import dev.jls.sdk.LogStream;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentUpdate;
import dev.jls.sdk.models.WorkerInfo;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment from creation to deletion: create it, wait for it with each status change reported,
 * read its record and workers, use it once, change its idle timeout, read its workers' logs, delete it.
 */
public final class DeploymentLifecycle {

    private DeploymentLifecycle() {}

    /** What the sample saw along the way. */
    public record Outcome(
            String deploymentId,
            List<DeploymentStatus> statuses,
            Deployment running,
            List<LogEvent> logs,
            boolean gone) {}

    public static void main(String[] args) {
        try (SampleTarget target = SampleTarget.open(System.out)) {
            run(target.client(), System.out);
        }
    }

    public static Outcome run(JlsClient client, PrintStream out) {
        String id = client.deployments().create(SampleDeployment.spec("lifecycle-sample"));
        out.println("Created " + id);
        boolean deleted = false;
        try {
            List<DeploymentStatus> statuses = new ArrayList<>();
            Deployment running = client.deployments()
                    .awaitRunning(
                            id,
                            WaitOptions.builder()
                                    .timeout(Duration.ofMinutes(5))
                                    .pollInterval(Duration.ofMillis(200))
                                    .listener(status -> {
                                        statuses.add(status);
                                        out.println("  status: " + status);
                                    })
                                    .build());
            out.println(
                    "Running: " + running.name() + ", model " + running.model().orElse("?"));
            running.workers().ifPresent(workers -> {
                out.println("Workers: " + workers.total() + " (" + workers.healthy() + " healthy, "
                        + workers.provisioning() + " provisioning)");
                for (WorkerInfo worker : workers.list()) {
                    out.println(
                            "  worker " + worker.workerId().map(String::valueOf).orElse("-") + ": " + worker.status()
                                    + worker.pid().map(pid -> ", pid " + pid).orElse(""));
                }
            });

            // One request, so that the worker has something to log.
            client.requests()
                    .awaitChatCompletion(
                            id,
                            client.requests()
                                    .submit(
                                            id,
                                            ChatCompletionRequest.builder()
                                                    .addUserMessage("Say hello.")
                                                    .maxTokens(8)
                                                    .build())
                                    .id());

            Deployment updated = client.deployments()
                    .update(id, DeploymentUpdate.builder().idleTimeout(120).build());
            out.println("Idle timeout now "
                    + updated.idleTimeout().map(s -> s + " s").orElse("unset"));

            List<LogEvent> logs = new ArrayList<>();
            try (LogStream stream = client.deployments()
                    .retrieveLogs(
                            id,
                            LogOptions.builder()
                                    .tail(20)
                                    .follow(false)
                                    .notices(true)
                                    .build())) {
                while (stream.hasNext()) {
                    LogEvent event = stream.next();
                    logs.add(event);
                    out.println((event instanceof LogEvent.Notice ? "  (notice) " : "  log: ") + event.text());
                }
            }

            client.deployments().delete(id);
            deleted = true;
            out.println("Deleted " + id);
            boolean gone = waitUntilGone(client, id, Duration.ofSeconds(30));
            out.println(gone ? "The deployment is gone (404)" : "The deployment is still being deleted");
            return new Outcome(id, statuses, running, logs, gone);
        } finally {
            if (!deleted) {
                client.deployments().delete(id);
            }
        }
    }

    private static boolean waitUntilGone(JlsClient client, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                client.deployments().retrieveStatus(id);
            } catch (NotFoundException e) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
