package dev.jls.sdk;

import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.Futures;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.RegionRouter;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the calls on a deployment id share, blocking or not: finding the deployment's host, sending one
 * request there with the view's options, and reading the answer into a {@link RawResponse}.
 */
abstract class DeploymentScopedCalls {

    final HttpTransport transport;
    final RegionRouter router;
    final Clock clock;
    final RequestOptions options;

    DeploymentScopedCalls(HttpTransport transport, RegionRouter router, Clock clock, RequestOptions options) {
        this.transport = transport;
        this.router = router;
        this.clock = clock;
        this.options = options;
    }

    ApiUrl base(String deploymentId) {
        return router.baseFor(deploymentId, transport);
    }

    CompletableFuture<ApiUrl> baseAsync(String deploymentId) {
        return router.baseForAsync(deploymentId, transport);
    }

    /** The request {@code request} makes for the deployment's host, sent and read as {@code parser} says. */
    <T> RawResponse<T> call(
            String deploymentId, Function<ApiUrl, ApiRequest> request, Function<ApiResponse, T> parser) {
        return raw(transport.execute(request.apply(base(deploymentId))), parser);
    }

    /** {@link #call} without blocking; cancelling the future cancels the region lookup or the call. */
    <T> CompletableFuture<RawResponse<T>> callAsync(
            String deploymentId, Function<ApiUrl, ApiRequest> request, Function<ApiResponse, T> parser) {
        return Futures.map(
                Futures.compose(baseAsync(deploymentId), base -> transport.executeAsync(request.apply(base))),
                answer -> raw(answer, parser));
    }

    static <T> RawResponse<T> raw(ApiResponse answer, Function<ApiResponse, T> parser) {
        return new RawResponse<>(answer.code(), answer.headers(), answer.body(), body -> parser.apply(answer));
    }

    static Void nothing(ApiResponse answer) {
        return null;
    }
}
