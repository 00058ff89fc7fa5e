package dev.jls.sdk.errors;

import dev.jls.sdk.models.DeploymentStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP 409: the resource is in a state that forbids this, e.g. updating a deployment that is not
 * {@code running}, or cancelling a request that already ended. A deployment's {@code update} and
 * {@code delete} read its status first, so their conflict names it: {@link #currentStatus()}, and the
 * message ends with {@code (deployment dep-… is starting)}.
 */
public class ConflictException extends JlsServiceException {

    private final DeploymentStatus currentStatus;

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public ConflictException(Map<String, List<String>> headers, String body) {
        super(409, headers, body);
        this.currentStatus = null;
    }

    /**
     * A change to a deployment refused for the state it is in, with the status read just before.
     *
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     * @param deploymentId the deployment's id
     * @param currentStatus its status, read before the change was sent
     */
    public ConflictException(
            Map<String, List<String>> headers, String body, String deploymentId, DeploymentStatus currentStatus) {
        super(
                409,
                headers,
                body,
                "deployment " + deploymentId + " is "
                        + Objects.requireNonNull(currentStatus, "currentStatus").asString());
        this.currentStatus = currentStatus;
    }

    /**
     * @return the status of the deployment the change was refused for, read just before it was sent;
     *     empty for other conflicts
     */
    public Optional<DeploymentStatus> currentStatus() {
        return Optional.ofNullable(currentStatus);
    }
}
