package dev.jls.sdk;

import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.Futures;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Model;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** {@link OpenAiEndpointAsync} over HTTP. */
final class HttpOpenAiEndpointAsync implements OpenAiEndpointAsync {

    private final OpenAiCalls calls;

    HttpOpenAiEndpointAsync(OpenAiCalls calls) {
        this.calls = calls;
    }

    @Override
    public OpenAiEndpointAsync withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpOpenAiEndpointAsync(calls.withOptions(options));
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public CompletableFuture<String> baseUrl() {
        return Futures.map(Futures.start(calls.v1Async), ApiUrl::toString);
    }

    @Override
    public CompletableFuture<ChatCompletion> createChatCompletion(ChatCompletionRequest request) {
        return Futures.map(raw.createChatCompletion(request), RawResponse::parse);
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> createChatCompletionStreaming(ChatCompletionRequest request) {
        Objects.requireNonNull(request, "request");
        ChatCompletionRequest streaming = request.toBuilder().stream(true).build();
        return stream(
                base -> calls.createStreaming(
                        base, "openai.createChatCompletionStreaming", HttpOpenAiEndpoint.CHAT, streaming),
                ChatCompletionChunk::fromJson);
    }

    @Override
    public CompletableFuture<Completion> createCompletion(CompletionRequest request) {
        return Futures.map(raw.createCompletion(request), RawResponse::parse);
    }

    @Override
    public AsyncStreamResponse<Completion> createCompletionStreaming(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        CompletionRequest streaming = request.toBuilder().stream(true).build();
        return stream(
                base -> calls.createStreaming(
                        base, "openai.createCompletionStreaming", HttpOpenAiEndpoint.COMPLETIONS, streaming),
                Completion::fromJson);
    }

    @Override
    public CompletableFuture<List<Model>> listModels() {
        return Futures.map(raw.listModels(), RawResponse::parse);
    }

    private <T> AsyncStreamResponse<T> stream(
            Function<ApiUrl, ApiRequest> request, Function<com.fasterxml.jackson.databind.JsonNode, T> decoder) {
        return new HttpAsyncStreamResponse<>(
                () -> Futures.compose(
                        Futures.start(calls.v1Async), base -> calls.transport.openAsync(request.apply(base))),
                response -> new SseStreamResponse<>(response, decoder),
                calls.transport.readers());
    }

    private <T> CompletableFuture<RawResponse<T>> call(
            Function<ApiUrl, ApiRequest> request, Function<ApiResponse, T> parser) {
        return Futures.map(
                Futures.compose(
                        Futures.start(calls.v1Async), base -> calls.transport.executeAsync(request.apply(base))),
                answer -> DeploymentCalls.raw(answer, parser));
    }

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public CompletableFuture<RawResponse<ChatCompletion>> createChatCompletion(ChatCompletionRequest request) {
            Objects.requireNonNull(request, "request");
            return call(
                    base -> calls.create(base, "openai.createChatCompletion", HttpOpenAiEndpoint.CHAT, request),
                    answer -> ChatCompletion.fromJson(OpenAiCalls.json(answer)));
        }

        @Override
        public CompletableFuture<RawResponse<Completion>> createCompletion(CompletionRequest request) {
            Objects.requireNonNull(request, "request");
            return call(
                    base -> calls.create(base, "openai.createCompletion", HttpOpenAiEndpoint.COMPLETIONS, request),
                    answer -> Completion.fromJson(OpenAiCalls.json(answer)));
        }

        @Override
        public CompletableFuture<RawResponse<List<Model>>> listModels() {
            return call(calls::listModels, OpenAiCalls::models);
        }
    };
}
