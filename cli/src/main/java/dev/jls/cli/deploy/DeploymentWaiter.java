package dev.jls.cli.deploy;

import dev.jls.cli.InterruptNotice;
import dev.jls.cli.Output;
import dev.jls.cli.Progress;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.models.Deployment;
import java.time.Duration;

/**
 * Waits for a deployment to reach {@code running}, showing each status as it changes. Ctrl-C stops the
 * waiting only: the deployment carries on, and a note says how to check on it.
 */
final class DeploymentWaiter {

    private DeploymentWaiter() {}

    static Deployment waitUntilRunning(
            JlsClient client, Output output, String deploymentId, Duration timeout, Duration pollInterval) {
        return waitUntilRunning(client, output, deploymentId, timeout, pollInterval, null);
    }

    /**
     * Waits until the deployment runs; {@code announce}, when given, is noted once Ctrl-C is already
     * handled, so that a user who reacts to it at once still gets the notice of what carries on.
     */
    @SuppressWarnings("try") // the notice is armed for the wait's scope
    static Deployment waitUntilRunning(
            JlsClient client,
            Output output,
            String deploymentId,
            Duration timeout,
            Duration pollInterval,
            String announce) {
        String hint = "Stopped waiting; deployment " + deploymentId + " carries on. Check it with:\n"
                + "  jls deploy status " + deploymentId + "\n  jls deploy wait " + deploymentId;
        try (Progress progress = new Progress(output, "waiting for " + deploymentId);
                InterruptNotice notice = new InterruptNotice(output.err(), hint, progress)) {
            if (announce != null) {
                output.note(announce);
            }
            WaitOptions options = WaitOptions.builder()
                    .timeout(timeout)
                    .pollInterval(pollInterval)
                    .listener(status -> progress.state(status.asString()))
                    .build();
            Deployment deployment = client.deployments().awaitRunning(deploymentId, options);
            progress.state(deployment.status().asString());
            return deployment;
        }
    }
}
