package dev.jls.sdk.errors;

import dev.jls.sdk.models.DeploymentStatus;

/**
 * A deployment being waited for disappeared: its status had been read, then the service answered
 * {@code 404} for it. The hosted service removes a deployment that failed while starting, so this is a
 * failure whose reason can no longer be read; the message says {@code reason unavailable}.
 * {@link #status()} is the last status seen before it was gone.
 */
public class DeploymentGoneException extends DeploymentFailedException {

    /**
     * @param deploymentId the deployment's id
     * @param lastStatus the last status read before it was gone
     * @param cause the {@code 404} that said it was gone
     */
    public DeploymentGoneException(String deploymentId, DeploymentStatus lastStatus, NotFoundException cause) {
        super(
                "deployment " + deploymentId + " failed: reason unavailable (it was " + lastStatus.asString()
                        + ", then its record was gone)",
                deploymentId,
                lastStatus,
                null,
                cause);
    }
}
