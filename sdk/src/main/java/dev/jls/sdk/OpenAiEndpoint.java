package dev.jls.sdk;

import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Model;
import java.util.List;

/**
 * An OpenAI-compatible API ({@code .../v1}): a deployment's ({@link JlsClient#openai(String)}) or any
 * vLLM-style server's ({@link JlsClient#openaiAt(String)}). The asynchronous twin is
 * {@link OpenAiEndpointAsync}. Thread-safe; holds nothing to close.
 *
 * <p>Plain calls are not retried once they reached the server (a {@code POST} without idempotency key);
 * {@link #listModels()} is. Errors arrive in OpenAI's shape and map to the same exceptions as elsewhere
 * (e.g. an unknown {@code model} is {@link dev.jls.sdk.errors.NotFoundException}).
 */
public interface OpenAiEndpoint {

    /** A view of this endpoint whose calls apply {@code options} over the client's settings. */
    OpenAiEndpoint withOptions(RequestOptions options);

    /** A view of this endpoint whose calls answer the status and headers next to the parsed value. */
    WithRawResponse withRawResponse();

    /**
     * The base URL, ending in {@code /v1}, for any OpenAI client library. Without a configured base URL
     * or region this finds the deployment's region first (one call).
     */
    String baseUrl();

    /** {@code POST /chat/completions} with {@code "stream": false}. */
    ChatCompletion createChatCompletion(ChatCompletionRequest request);

    /**
     * {@code POST /chat/completions} with {@code "stream": true} (set on a copy of the request). The caller
     * closes the response; closing early cancels the call. Ask for the usage chunk with
     * {@code streamOptions(...)} on the request: it arrives as a last chunk with no choices.
     */
    StreamResponse<ChatCompletionChunk> createChatCompletionStreaming(ChatCompletionRequest request);

    /** {@code POST /completions} with {@code "stream": false}. */
    Completion createCompletion(CompletionRequest request);

    /** {@code POST /completions} with {@code "stream": true}; each chunk is a {@code text_completion}. */
    StreamResponse<Completion> createCompletionStreaming(CompletionRequest request);

    /** {@code GET /models}: the served model names. */
    List<Model> listModels();

    /** The plain calls of {@link OpenAiEndpoint}, answering a {@link RawResponse}. Thread-safe. */
    interface WithRawResponse {

        /** {@link OpenAiEndpoint#createChatCompletion}, raw. */
        RawResponse<ChatCompletion> createChatCompletion(ChatCompletionRequest request);

        /** {@link OpenAiEndpoint#createCompletion}, raw. */
        RawResponse<Completion> createCompletion(CompletionRequest request);

        /** {@link OpenAiEndpoint#listModels}, raw. */
        RawResponse<List<Model>> listModels();
    }
}
