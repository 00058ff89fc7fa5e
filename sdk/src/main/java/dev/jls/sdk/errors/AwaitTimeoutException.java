package dev.jls.sdk.errors;

import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.RequestState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Waiting ran out of time: a request did not reach a final state, or a deployment did not reach
 * {@code running}, within the given timeout. The thing waited for goes on on the server; the message
 * names the last state seen.
 */
public class AwaitTimeoutException extends JlsException {

    private final String id;
    private final Duration timeout;
    private final RequestState lastState;
    private final DeploymentStatus lastStatus;

    /**
     * A request that did not end in time.
     *
     * @param requestId the request's id
     * @param timeout how long was waited
     * @param lastState the last state fetched, null if none was
     */
    public AwaitTimeoutException(String requestId, Duration timeout, RequestState lastState) {
        super("request " + requestId + " did not finish within " + human(timeout) + "; last state "
                + (lastState == null ? "unknown" : lastState.asString()));
        this.id = requestId;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.lastState = lastState;
        this.lastStatus = null;
    }

    /**
     * A deployment that did not become {@code running} in time.
     *
     * @param deploymentId the deployment's id
     * @param timeout how long was waited
     * @param lastStatus the last status fetched, null if none was
     */
    public AwaitTimeoutException(String deploymentId, Duration timeout, DeploymentStatus lastStatus) {
        super("deployment " + deploymentId + " did not become running within " + human(timeout) + "; last status "
                + (lastStatus == null ? "unknown" : lastStatus.asString()));
        this.id = deploymentId;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.lastState = null;
        this.lastStatus = lastStatus;
    }

    /**
     * @return the id of the request or deployment waited for
     */
    public String id() {
        return id;
    }

    /**
     * @return how long was waited
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return the request's last state, when a request was awaited and a state was seen
     */
    public Optional<RequestState> lastState() {
        return Optional.ofNullable(lastState);
    }

    /**
     * @return the deployment's last status, when a deployment was awaited and a status was seen
     */
    public Optional<DeploymentStatus> lastStatus() {
        return Optional.ofNullable(lastStatus);
    }

    private static String human(Duration timeout) {
        return timeout == null ? "the timeout" : timeout.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
