package dev.jls.sdk;

import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Model;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link OpenAiEndpoint} without blocking, from {@code client.async().openai(id)}: plain calls answer a
 * future, streams an {@link AsyncStreamResponse} that pushes chunks to a handler. Same retries and
 * errors as the blocking endpoint. Cancelling a future cancels the HTTP call in flight; closing a stream
 * cancels its call.
 */
public interface OpenAiEndpointAsync {

    /** A view of this endpoint whose calls apply {@code options} over the client's settings. */
    OpenAiEndpointAsync withOptions(RequestOptions options);

    /** A view of this endpoint whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /** {@link OpenAiEndpoint#baseUrl}: at once when the host is known, else after finding the region. */
    CompletableFuture<String> baseUrl();

    /** {@link OpenAiEndpoint#createChatCompletion}. */
    CompletableFuture<ChatCompletion> createChatCompletion(ChatCompletionRequest request);

    /**
     * {@link OpenAiEndpoint#createChatCompletionStreaming} pushed to a handler on an SDK thread; the call
     * starts when a handler subscribes.
     */
    AsyncStreamResponse<ChatCompletionChunk> createChatCompletionStreaming(ChatCompletionRequest request);

    /** {@link OpenAiEndpoint#createCompletion}. */
    CompletableFuture<Completion> createCompletion(CompletionRequest request);

    /** {@link OpenAiEndpoint#createCompletionStreaming} pushed to a handler; the call starts on subscribe. */
    AsyncStreamResponse<Completion> createCompletionStreaming(CompletionRequest request);

    /** {@link OpenAiEndpoint#listModels}. */
    CompletableFuture<List<Model>> listModels();

    /** {@link OpenAiEndpoint.WithRawResponse} as futures. Thread-safe. */
    interface WithRawResponse {

        /** {@link OpenAiEndpointAsync#createChatCompletion}, raw. */
        CompletableFuture<RawResponse<ChatCompletion>> createChatCompletion(ChatCompletionRequest request);

        /** {@link OpenAiEndpointAsync#createCompletion}, raw. */
        CompletableFuture<RawResponse<Completion>> createCompletion(CompletionRequest request);

        /** {@link OpenAiEndpointAsync#listModels}, raw. */
        CompletableFuture<RawResponse<List<Model>>> listModels();
    }
}
