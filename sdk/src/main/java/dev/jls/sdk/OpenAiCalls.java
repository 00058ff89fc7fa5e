package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.ModelList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The OpenAI-compatible calls as requests and answers, shared by the blocking and the asynchronous
 * endpoint.
 */
final class OpenAiCalls {

    final HttpTransport transport;
    final Supplier<ApiUrl> v1;
    final Supplier<CompletableFuture<ApiUrl>> v1Async;
    final RequestOptions options;

    OpenAiCalls(
            HttpTransport transport,
            Supplier<ApiUrl> v1,
            Supplier<CompletableFuture<ApiUrl>> v1Async,
            RequestOptions options) {
        this.transport = transport;
        this.v1 = v1;
        this.v1Async = v1Async;
        this.options = options;
    }

    OpenAiCalls withOptions(RequestOptions over) {
        return new OpenAiCalls(transport, v1, v1Async, options.merge(over));
    }

    /**
     * A plain call: the request's JSON without {@code stream} and {@code stream_options}, which vLLM
     * refuses on a call that does not stream.
     */
    ApiRequest create(ApiUrl base, String operation, String route, JsonModel request) {
        ObjectNode json = request.toJson();
        json.remove("stream");
        json.remove("stream_options");
        return ApiRequest.post(operation, base.route(route), Json.writeBytes(json))
                .withOptions(options);
    }

    /** A streaming call; the request already says {@code "stream": true}. */
    ApiRequest createStreaming(ApiUrl base, String operation, String route, JsonModel request) {
        return ApiRequest.post(operation, base.route(route), Json.writeBytes(request))
                .withOptions(options);
    }

    ApiRequest listModels(ApiUrl base) {
        return ApiRequest.get("openai.listModels", base.segments("models")).withOptions(options);
    }

    static JsonNode json(ApiResponse answer) {
        return Json.readTree(answer.body());
    }

    static List<Model> models(ApiResponse answer) {
        return ModelList.fromJson(json(answer)).data();
    }
}
