package dev.jls.sdk.errors;

import dev.jls.sdk.models.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment being waited for reached {@code failed}, {@code cleaning} or {@code deleting} instead of
 * {@code running}. {@link #errorMessage()} is the deployment's {@code error_message}; when a failed
 * deployment has none (or its record was gone before it could be read), the message says
 * {@code reason unavailable}. {@link DeploymentGoneException}, a subclass, is a deployment whose record
 * disappeared while it was waited for.
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
        this(describe(deploymentId, status, errorMessage), deploymentId, status, errorMessage, null);
    }

    /**
     * For subclasses that word the message themselves.
     *
     * @param message what happened
     * @param deploymentId the deployment's id, may be null when unknown
     * @param status the status that ended the wait
     * @param errorMessage its {@code error_message}, may be null
     * @param cause what revealed it, may be null
     */
    protected DeploymentFailedException(
            String message, String deploymentId, DeploymentStatus status, String errorMessage, Throwable cause) {
        super(message, cause);
        this.deploymentId = deploymentId;
        this.status = Objects.requireNonNull(status, "status");
        this.errorMessage = errorMessage;
    }

    private static String describe(String deploymentId, DeploymentStatus status, String errorMessage) {
        String text = "deployment " + (deploymentId == null ? "" : deploymentId + " ") + "is "
                + Objects.requireNonNull(status, "status").asString();
        if (errorMessage != null && !errorMessage.isBlank()) {
            return text + ": " + errorMessage;
        }
        // A deployment being deleted needs no reason; one that failed does, and the service gave none.
        return status.equals(DeploymentStatus.DELETING) ? text : text + ": reason unavailable";
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
