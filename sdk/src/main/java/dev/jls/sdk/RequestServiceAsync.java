package dev.jls.sdk;

import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.util.concurrent.CompletableFuture;

/**
 * {@link RequestService} without blocking, from {@code client.async().requests()}: the same calls,
 * retries and errors, each answering a future. Thread-safe.
 *
 * <p>A future fails with the exception the blocking call throws (unwrapped); a null or blank argument
 * throws at once. Cancelling a future cancels the HTTP call in flight (the connection is dropped) and any
 * pending retry or poll. Cancelling an await stops waiting; it does not cancel the request on the server
 * (that is {@link #cancel}).
 */
public interface RequestServiceAsync {

    /** A view of this service whose calls apply {@code options} over the client's settings. */
    RequestServiceAsync withOptions(RequestOptions options);

    /** A view of this service whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /** {@link #submit(String, ChatCompletionRequest, SubmitOptions)} with a generated idempotency key. */
    default CompletableFuture<SubmittedRequest> submit(String deploymentId, ChatCompletionRequest request) {
        return submit(deploymentId, request, SubmitOptions.defaults());
    }

    /** {@link RequestService#submit(String, ChatCompletionRequest, SubmitOptions)}. */
    CompletableFuture<SubmittedRequest> submit(
            String deploymentId, ChatCompletionRequest request, SubmitOptions options);

    /** {@link #submit(String, CompletionRequest, SubmitOptions)} with a generated idempotency key. */
    default CompletableFuture<SubmittedRequest> submit(String deploymentId, CompletionRequest request) {
        return submit(deploymentId, request, SubmitOptions.defaults());
    }

    /** {@link RequestService#submit(String, CompletionRequest, SubmitOptions)}. */
    CompletableFuture<SubmittedRequest> submit(String deploymentId, CompletionRequest request, SubmitOptions options);

    /** {@link RequestService#fetch}. */
    CompletableFuture<RequestResult> fetch(String deploymentId, String requestId);

    /** {@link #await(String, String, AwaitOptions)} with {@link AwaitOptions#defaults()}. */
    default CompletableFuture<RequestResult.Completed> await(String deploymentId, String requestId) {
        return await(deploymentId, requestId, AwaitOptions.defaults());
    }

    /**
     * {@link RequestService#await} without a thread held between fetches: the pauses run on the client's
     * scheduler. Cancelling the future stops the polling and cancels the fetch in flight.
     */
    CompletableFuture<RequestResult.Completed> await(String deploymentId, String requestId, AwaitOptions options);

    /** {@link #await} of a chat request, typed. */
    default CompletableFuture<ChatCompletion> awaitChatCompletion(String deploymentId, String requestId) {
        return awaitChatCompletion(deploymentId, requestId, AwaitOptions.defaults());
    }

    /** {@link #await} of a chat request with options, typed. */
    CompletableFuture<ChatCompletion> awaitChatCompletion(String deploymentId, String requestId, AwaitOptions options);

    /** {@link #await} of a completions request, typed. */
    default CompletableFuture<Completion> awaitCompletion(String deploymentId, String requestId) {
        return awaitCompletion(deploymentId, requestId, AwaitOptions.defaults());
    }

    /** {@link #await} of a completions request with options, typed. */
    CompletableFuture<Completion> awaitCompletion(String deploymentId, String requestId, AwaitOptions options);

    /** {@link RequestService#cancel}; completes with null. */
    CompletableFuture<Void> cancel(String deploymentId, String requestId);

    /** {@link RequestService.WithRawResponse} as futures. Thread-safe. */
    interface WithRawResponse {

        /** {@link RequestServiceAsync#submit(String, ChatCompletionRequest, SubmitOptions)}, raw. */
        CompletableFuture<RawResponse<SubmittedRequest>> submit(
                String deploymentId, ChatCompletionRequest request, SubmitOptions options);

        /** {@link RequestServiceAsync#submit(String, CompletionRequest, SubmitOptions)}, raw. */
        CompletableFuture<RawResponse<SubmittedRequest>> submit(
                String deploymentId, CompletionRequest request, SubmitOptions options);

        /** {@link RequestServiceAsync#fetch}, raw. */
        CompletableFuture<RawResponse<RequestResult>> fetch(String deploymentId, String requestId);

        /** {@link RequestServiceAsync#cancel}, raw. */
        CompletableFuture<RawResponse<Void>> cancel(String deploymentId, String requestId);
    }
}
