package dev.jls.sdk;

import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;

/**
 * Queued inference ({@code /deployment/{id}/...}): submit a request, then fetch, await or cancel it by its
 * id. From {@link JlsClient#requests()}; the asynchronous twin is {@link RequestServiceAsync}.
 * Thread-safe.
 *
 * <p>Every submit carries an {@code Idempotency-Key} (a random UUID unless {@link SubmitOptions} gives
 * one), so the client may retry it after a failure without running the request twice.
 */
public interface RequestService {

    /** A view of this service whose calls apply {@code options} over the client's settings. */
    RequestService withOptions(RequestOptions options);

    /** A view of this service whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /** {@link #submit(String, ChatCompletionRequest, SubmitOptions)} with a generated idempotency key. */
    default SubmittedRequest submit(String deploymentId, ChatCompletionRequest request) {
        return submit(deploymentId, request, SubmitOptions.defaults());
    }

    /**
     * Queues a chat completion: {@code POST /deployment/{id}/v1/chat/completions} with
     * {@code {"input": request}}.
     *
     * @return the request's id and the idempotency key sent
     */
    SubmittedRequest submit(String deploymentId, ChatCompletionRequest request, SubmitOptions options);

    /** {@link #submit(String, CompletionRequest, SubmitOptions)} with a generated idempotency key. */
    default SubmittedRequest submit(String deploymentId, CompletionRequest request) {
        return submit(deploymentId, request, SubmitOptions.defaults());
    }

    /** Queues a plain completion: {@code POST /deployment/{id}/v1/completions} with {@code {"input": request}}. */
    SubmittedRequest submit(String deploymentId, CompletionRequest request, SubmitOptions options);

    /**
     * Reads a request's state once ({@code GET /deployment/{id}/{requestId}}): {@link RequestResult.Pending}
     * with its state, {@link RequestResult.Completed} with the engine's answer, {@link RequestResult.Failed}
     * with the error, or {@link RequestResult.Cancelled}.
     *
     * @throws dev.jls.sdk.errors.NotFoundException for an unknown request
     * @throws dev.jls.sdk.errors.ResultExpiredException when its result is past retention
     */
    RequestResult fetch(String deploymentId, String requestId);

    /** {@link #await(String, String, AwaitOptions)} with {@link AwaitOptions#defaults()}. */
    default RequestResult.Completed await(String deploymentId, String requestId) {
        return await(deploymentId, requestId, AwaitOptions.defaults());
    }

    /**
     * Blocks until the request ends, polling as {@link AwaitOptions} describes (long-poll plus backoff).
     *
     * @return the completed result
     * @throws dev.jls.sdk.errors.RequestFailedException with the error when it failed
     * @throws dev.jls.sdk.errors.RequestCancelledException when it was cancelled
     * @throws dev.jls.sdk.errors.AwaitTimeoutException with the last state when the timeout passed
     * @throws dev.jls.sdk.errors.ResultExpiredException when its result expired
     * @throws dev.jls.sdk.errors.JlsIoException if the thread is interrupted (its interrupt flag is kept)
     */
    RequestResult.Completed await(String deploymentId, String requestId, AwaitOptions options);

    /** {@link #await} of a chat request, typed. */
    default ChatCompletion awaitChatCompletion(String deploymentId, String requestId) {
        return await(deploymentId, requestId).chatCompletion();
    }

    /** {@link #await} of a chat request with options, typed. */
    default ChatCompletion awaitChatCompletion(String deploymentId, String requestId, AwaitOptions options) {
        return await(deploymentId, requestId, options).chatCompletion();
    }

    /** {@link #await} of a completions request, typed. */
    default Completion awaitCompletion(String deploymentId, String requestId) {
        return await(deploymentId, requestId).completion();
    }

    /** {@link #await} of a completions request with options, typed. */
    default Completion awaitCompletion(String deploymentId, String requestId, AwaitOptions options) {
        return await(deploymentId, requestId, options).completion();
    }

    /**
     * Cancels a request that has not ended ({@code POST /deployment/{id}/{requestId}/cancel}).
     *
     * @throws dev.jls.sdk.errors.ConflictException when it already ended {@code Completed} or {@code Failed}
     * @throws dev.jls.sdk.errors.NotFoundException for an unknown request
     */
    void cancel(String deploymentId, String requestId);

    /**
     * The calls of {@link RequestService} that are one HTTP exchange, answering a {@link RawResponse}: the
     * status and headers (a fetch's {@code X-Request-Status}, say) next to the value. Thread-safe.
     */
    interface WithRawResponse {

        /** {@link RequestService#submit(String, ChatCompletionRequest, SubmitOptions)}, raw. */
        RawResponse<SubmittedRequest> submit(String deploymentId, ChatCompletionRequest request, SubmitOptions options);

        /** {@link RequestService#submit(String, CompletionRequest, SubmitOptions)}, raw. */
        RawResponse<SubmittedRequest> submit(String deploymentId, CompletionRequest request, SubmitOptions options);

        /** {@link RequestService#fetch}, raw: a pending request answers {@code 202}. */
        RawResponse<RequestResult> fetch(String deploymentId, String requestId);

        /** {@link RequestService#cancel}, raw. */
        RawResponse<Void> cancel(String deploymentId, String requestId);
    }
}
