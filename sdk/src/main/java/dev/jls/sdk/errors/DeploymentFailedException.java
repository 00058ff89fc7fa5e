package dev.jls.sdk.errors;

import dev.jls.sdk.models.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment being waited for reached {@code failed}, {@code cleaning} or {@code deleting} instead of
 * {@code running}. {@link #errorMessage()} is the deployment's {@code error_message}.
 */
public class DeploymentFailedException extends JlsException {

    private final String deploymentId;
    private final DeploymentStatus status;
    private final String errorMessage;

    /**
     * @param deploymentId the deployment's id, may be null when unknown
     * @param status the status it reached
     * @param errorMessage its {@code error_message}, may be null
     */
    public DeploymentFailedException(String deploymentId, DeploymentStatus status, String errorMessage) {
        super("deployment " + (deploymentId == null ? "" : deploymentId + " ") + "is "
                + Objects.requireNonNull(status, "status").asString()
                + (errorMessage == null || errorMessage.isBlank() ? "" : ": " + errorMessage));
        this.deploymentId = deploymentId;
        this.status = status;
        this.errorMessage = errorMessage;
    }

    /**
     * @param status the status it reached
     * @param errorMessage its {@code error_message}, may be null
     */
    public DeploymentFailedException(DeploymentStatus status, String errorMessage) {
        this(null, status, errorMessage);
    }

    /**
     * @return the deployment's id, when known
     */
    public Optional<String> deploymentId() {
        return Optional.ofNullable(deploymentId);
    }

    /**
     * @return the status that ended the wait
     */
    public DeploymentStatus status() {
        return status;
    }

    /**
     * @return the deployment's {@code error_message}, when it had one
     */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }
}
