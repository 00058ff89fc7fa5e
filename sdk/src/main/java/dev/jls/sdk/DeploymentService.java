package dev.jls.sdk;

import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentUpdate;

/**
 * Deployment management ({@code /management/...}), from {@link JlsClient#deployments()}. Thread-safe.
 * The asynchronous twin is {@link DeploymentServiceAsync}.
 *
 * <p>Every method throws an unchecked {@link dev.jls.sdk.errors.JlsException}: a
 * {@link dev.jls.sdk.errors.JlsServiceException} subclass for an error answer (e.g.
 * {@link dev.jls.sdk.errors.NotFoundException} for an unknown id or another API key's deployment), a
 * {@link dev.jls.sdk.errors.JlsIoException} when the server cannot be reached.
 */
public interface DeploymentService {

    /** A view of this service whose calls apply {@code options} over the client's settings. */
    DeploymentService withOptions(RequestOptions options);

    /** A view of this service whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /**
     * Creates a deployment ({@code POST /management/create}) after checking the spec against the API's
     * bounds on the client. Creation goes on in the background: wait for it with {@link #awaitRunning}.
     *
     * @return the new deployment's id, e.g. {@code dep-0123456789ab}
     * @throws dev.jls.sdk.errors.JlsValidationException naming the field, before anything is sent, when
     *     the spec is out of bounds
     * @throws dev.jls.sdk.errors.UnprocessableEntityException when the server refuses the spec
     */
    String create(DeploymentSpec spec);

    /**
     * Lists the deployments of this API key ({@code GET /management/list}). A client with neither base
     * URL nor region lists every region: a region out of reach (its host unreachable, or answering
     * {@code 408}, {@code 429} or {@code 5xx} after the retries) is named in
     * {@link DeploymentList#regionErrors()} and the others are listed.
     *
     * @throws dev.jls.sdk.errors.RegionsUnreachableException when no region answered
     */
    DeploymentList list();

    /** The full record of a deployment ({@code GET /management/{id}}). */
    Deployment retrieve(String deploymentId);

    /** A deployment's status alone ({@code GET /management/{id}/status}). */
    DeploymentStatus retrieveStatus(String deploymentId);

    /**
     * Changes a running deployment's name, idle timeout or wait time ({@code PATCH /management/{id}}). It
     * reads the deployment's status first ({@code GET /management/{id}/status}), so that an unknown id is a
     * {@code 404} and a refusal names the status. The answer may be the hosted service's
     * {@code {"updated": ...}} or the record itself; when it is not the whole record, the record is read.
     *
     * @return the updated record
     * @throws dev.jls.sdk.errors.ConflictException unless the deployment is {@code running}; its message
     *     and {@link dev.jls.sdk.errors.ConflictException#currentStatus()} name the status read
     * @throws dev.jls.sdk.errors.NotFoundException for an unknown id
     */
    Deployment update(String deploymentId, DeploymentUpdate update);

    /**
     * Deletes a deployment ({@code DELETE /management/{id}}): it goes {@code deleting}, stops its workers,
     * then is gone ({@code 404}). It reads the deployment's status first, so an unknown id is a
     * {@code 404}; a {@code 404} to the {@code DELETE} itself after that read means the deployment went in
     * between, and the call returns normally.
     *
     * @throws dev.jls.sdk.errors.NotFoundException for an unknown id
     * @throws dev.jls.sdk.errors.ConflictException if the service refuses, naming the status read
     */
    void delete(String deploymentId);

    /** {@link #awaitRunning(String, WaitOptions)} with {@link WaitOptions#defaults()} (20 minutes, every 2 s). */
    default Deployment awaitRunning(String deploymentId) {
        return awaitRunning(deploymentId, WaitOptions.defaults());
    }

    /**
     * Polls the deployment's status until it is {@code running}, blocking the calling thread, and reports
     * the first status and each change to the options' listener. A few failed reads in a row (the service
     * out of reach, {@code 408}, {@code 429}, {@code 5xx}; see {@link WaitOptions.Builder#toleratedErrors})
     * are ridden out: the wait polls on.
     *
     * @return the full record once {@code running}
     * @throws dev.jls.sdk.errors.DeploymentFailedException with the status and the deployment's
     *     {@code error_message} ({@code reason unavailable} when it has none) when it reaches
     *     {@code failed}, {@code cleaning} or {@code deleting}
     * @throws dev.jls.sdk.errors.DeploymentGoneException (a {@code DeploymentFailedException}) when the
     *     deployment's record disappears while it is awaited: it failed, for a reason no longer readable
     * @throws dev.jls.sdk.errors.NotFoundException when the first read finds no such deployment
     * @throws dev.jls.sdk.errors.AwaitTimeoutException naming the last status when the timeout passes
     * @throws dev.jls.sdk.errors.JlsIoException if the thread is interrupted (its interrupt flag is kept)
     */
    Deployment awaitRunning(String deploymentId, WaitOptions options);

    /** {@link #retrieveLogs(String, LogOptions)} with {@link LogOptions#defaults()}: the last 100 lines, not followed. */
    default LogStream retrieveLogs(String deploymentId) {
        return retrieveLogs(deploymentId, LogOptions.defaults());
    }

    /**
     * Opens the deployment's worker logs ({@code GET /management/{id}/logs}, server-sent events). The
     * caller closes the returned stream; a followed stream has no read timeout and ends when closed or when
     * the service ends it ({@code all streams ended}: no worker left to follow). The service's notices
     * come only with {@link LogOptions.Builder#notices notices(true)}.
     */
    LogStream retrieveLogs(String deploymentId, LogOptions options);

    /**
     * The calls of {@link DeploymentService} that are one HTTP exchange, answering a {@link RawResponse}:
     * the status and headers of the (last) attempt next to the value. {@code update} and {@code delete}
     * read the status first, so they are not here. Thread-safe.
     */
    interface WithRawResponse {

        /** {@link DeploymentService#create}, raw; {@code parse()} gives the new id. */
        RawResponse<String> create(DeploymentSpec spec);

        /** {@link DeploymentService#retrieve}, raw. */
        RawResponse<Deployment> retrieve(String deploymentId);

        /** {@link DeploymentService#retrieveStatus}, raw. */
        RawResponse<DeploymentStatus> retrieveStatus(String deploymentId);
    }
}
