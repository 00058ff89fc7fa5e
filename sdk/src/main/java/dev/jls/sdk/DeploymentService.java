package dev.jls.sdk;

import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import java.util.List;

/**
 * Deployment management ({@code /management/...}), from {@link JlsClient#deployments()}. Thread-safe.
 *
 * <p>Every method throws an unchecked {@link dev.jls.sdk.errors.JlsException}: a
 * {@link dev.jls.sdk.errors.JlsServiceException} subclass for an error answer (e.g.
 * {@link dev.jls.sdk.errors.NotFoundException} for an unknown id or another API key's deployment), a
 * {@link dev.jls.sdk.errors.JlsIoException} when the server cannot be reached.
 */
public interface DeploymentService {

    /**
     * Creates a deployment ({@code POST /management/create}) after checking the spec against the API's
     * bounds on the client. Creation goes on in the background: wait for it with
     * {@link #waitUntilRunning}.
     *
     * @return the new deployment's id, e.g. {@code dep-0123456789ab}
     * @throws dev.jls.sdk.errors.JlsValidationException naming the field, before anything is sent, when
     *     the spec is out of bounds
     * @throws dev.jls.sdk.errors.UnprocessableEntityException when the server refuses the spec
     */
    String create(DeploymentSpec spec);

    /**
     * Lists the deployments of this API key ({@code GET /management/list}). A client with neither base
     * URL nor region lists every region.
     */
    List<DeploymentSummary> list();

    /** The full record of a deployment ({@code GET /management/{id}}). */
    Deployment get(String deploymentId);

    /** A deployment's status alone ({@code GET /management/{id}/status}). */
    DeploymentStatus status(String deploymentId);

    /**
     * Changes a running deployment's name, idle timeout or wait time ({@code PATCH /management/{id}}).
     *
     * @return the updated record
     * @throws dev.jls.sdk.errors.ConflictException unless the deployment is {@code running}
     */
    Deployment update(String deploymentId, DeploymentUpdate update);

    /**
     * Deletes a deployment ({@code DELETE /management/{id}}): it goes {@code deleting}, stops its workers,
     * then is gone ({@code 404}).
     */
    void delete(String deploymentId);

    /** {@link #waitUntilRunning(String, WaitOptions)} with {@link WaitOptions#defaults()} (20 minutes, every 2 s). */
    default Deployment waitUntilRunning(String deploymentId) {
        return waitUntilRunning(deploymentId, WaitOptions.defaults());
    }

    /**
     * Polls the deployment's status until it is {@code running}, blocking the calling thread, and reports
     * the first status and each change to the options' listener.
     *
     * @return the full record once {@code running}
     * @throws dev.jls.sdk.errors.DeploymentFailedException with the status and the deployment's
     *     {@code error_message} when it reaches {@code failed}, {@code cleaning} or {@code deleting}
     * @throws dev.jls.sdk.errors.AwaitTimeoutException naming the last status when the timeout passes
     * @throws dev.jls.sdk.errors.JlsIoException if the thread is interrupted (its interrupt flag is kept)
     */
    Deployment waitUntilRunning(String deploymentId, WaitOptions options);

    /** {@link #logs(String, LogOptions)} with {@link LogOptions#defaults()}: the last 100 lines, not followed. */
    default LogStream logs(String deploymentId) {
        return logs(deploymentId, LogOptions.defaults());
    }

    /**
     * Opens the deployment's worker logs ({@code GET /management/{id}/logs}, server-sent events). The
     * caller closes the returned stream; a followed stream has no read timeout and ends only when closed.
     */
    LogStream logs(String deploymentId, LogOptions options);

    /**
     * The base URL of the deployment's OpenAI-compatible API, {@code {host}/openai/{id}/v1}, for any
     * OpenAI client. Without a configured base URL or region this finds the deployment's region first
     * (one call).
     */
    String openAiBaseUrl(String deploymentId);
}
