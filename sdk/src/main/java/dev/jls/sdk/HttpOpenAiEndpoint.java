package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.ModelList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** {@link OpenAiEndpoint} over HTTP. */
final class HttpOpenAiEndpoint implements OpenAiEndpoint {

    private final HttpTransport transport;
    private final Supplier<HttpUrl> v1;
    private final Supplier<CompletableFuture<HttpUrl>> v1Async;

    HttpOpenAiEndpoint(HttpTransport transport, Supplier<HttpUrl> v1, Supplier<CompletableFuture<HttpUrl>> v1Async) {
        this.transport = transport;
        this.v1 = v1;
        this.v1Async = v1Async;
    }

    @Override
    public String baseUrl() {
        return v1.get().toString();
    }

    @Override
    public ChatCompletion createChatCompletion(ChatCompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return ChatCompletion.fromJson(post("chat/completions", plain(request)));
    }

    @Override
    public StreamResponse<ChatCompletionChunk> streamChatCompletion(ChatCompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return open("chat/completions", request.toBuilder().stream(true).build(), ChatCompletionChunk::fromJson);
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> streamChatCompletionAsync(ChatCompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return openAsync("chat/completions", request.toBuilder().stream(true).build(), ChatCompletionChunk::fromJson);
    }

    @Override
    public Completion createCompletion(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return Completion.fromJson(post("completions", plain(request)));
    }

    @Override
    public StreamResponse<Completion> streamCompletion(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return open("completions", request.toBuilder().stream(true).build(), Completion::fromJson);
    }

    @Override
    public AsyncStreamResponse<Completion> streamCompletionAsync(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return openAsync("completions", request.toBuilder().stream(true).build(), Completion::fromJson);
    }

    @Override
    public List<Model> listModels() {
        HttpUrl url = v1.get().newBuilder().addPathSegment("models").build();
        return ModelList.fromJson(
                        Json.readTree(transport.execute(ApiRequest.get(url)).body()))
                .data();
    }

    /**
     * The request's JSON for a plain call: without {@code stream} and {@code stream_options}, which vLLM
     * refuses on a call that does not stream.
     */
    private static JsonNode plain(JsonModel request) {
        com.fasterxml.jackson.databind.node.ObjectNode json = request.toJson();
        json.remove("stream");
        json.remove("stream_options");
        return json;
    }

    private JsonNode post(String route, JsonNode body) {
        HttpUrl url = v1.get().newBuilder().addPathSegments(route).build();
        return Json.readTree(
                transport.execute(ApiRequest.post(url, Json.writeBytes(body))).body());
    }

    private <T> StreamResponse<T> open(String route, JsonModel request, Function<JsonNode, T> decoder) {
        HttpUrl url = v1.get().newBuilder().addPathSegments(route).build();
        return new SseStreamResponse<>(transport.open(ApiRequest.post(url, Json.writeBytes(request))), decoder);
    }

    private <T> AsyncStreamResponse<T> openAsync(String route, JsonModel request, Function<JsonNode, T> decoder) {
        byte[] body = Json.writeBytes(request);
        return new SseAsyncStreamResponse<>(
                transport,
                v1Async,
                base -> ApiRequest.post(base.newBuilder().addPathSegments(route).build(), body),
                decoder);
    }
}
