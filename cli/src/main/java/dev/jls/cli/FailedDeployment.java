package dev.jls.cli;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentStatus;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A request refused because its deployment failed reads, on the wire, like any other refusal: the
 * emulator answers {@code 409} to a submission and {@code 503} on the OpenAI routes. Asking the
 * deployment's status tells the two apart, so that such a refusal exits 5 ("the deployment failed") with
 * the deployment's own error message, as waiting for that deployment does.
 */
public final class FailedDeployment {

    private FailedDeployment() {}

    /**
     * {@code failure} itself, or, when it is a {@code 409} or {@code 503} and the deployment's status is
     * {@code failed}, a {@link DeploymentFailedException} that carries it as suppressed.
     */
    public static RuntimeException explain(JlsClient client, String deploymentId, RuntimeException failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (!(e instanceof JlsServiceException refused)
                || (refused.statusCode() != 409 && refused.statusCode() != 503)) {
            return failure;
        }
        try {
            Deployment d = client.deployments().retrieve(deploymentId);
            if (d.status().equals(DeploymentStatus.FAILED)) {
                DeploymentFailedException failed = new DeploymentFailedException(
                        deploymentId, d.status(), d.errorMessage().orElse(null));
                // the cause is fixed by the constructor; the refusal is kept for -v
                failed.addSuppressed(failure);
                return failed;
            }
        } catch (RuntimeException lookup) {
            failure.addSuppressed(lookup);
        }
        return failure;
    }
}
