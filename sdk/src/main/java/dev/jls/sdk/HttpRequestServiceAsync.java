package dev.jls.sdk;

import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.AsyncLoop;
import dev.jls.sdk.internal.Futures;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** {@link RequestServiceAsync} over HTTP. */
final class HttpRequestServiceAsync implements RequestServiceAsync {

    private final RequestCalls calls;
    private final Supplier<ScheduledExecutorService> scheduler;

    HttpRequestServiceAsync(RequestCalls calls, Supplier<ScheduledExecutorService> scheduler) {
        this.calls = calls;
        this.scheduler = scheduler;
    }

    @Override
    public RequestServiceAsync withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpRequestServiceAsync(calls.withOptions(options), scheduler);
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public CompletableFuture<SubmittedRequest> submit(
            String deploymentId, ChatCompletionRequest request, SubmitOptions options) {
        return Futures.map(raw.submit(deploymentId, request, options), RawResponse::parse);
    }

    @Override
    public CompletableFuture<SubmittedRequest> submit(
            String deploymentId, CompletionRequest request, SubmitOptions options) {
        return Futures.map(raw.submit(deploymentId, request, options), RawResponse::parse);
    }

    @Override
    public CompletableFuture<RequestResult> fetch(String deploymentId, String requestId) {
        return Futures.map(raw.fetch(deploymentId, requestId), RawResponse::parse);
    }

    @Override
    public CompletableFuture<RequestResult.Completed> await(
            String deploymentId, String requestId, AwaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        Objects.requireNonNull(options, "options");
        AsyncLoop<RequestResult.Completed> loop = new AsyncLoop<>();
        RequestCalls.Poll poll = new RequestCalls.Poll(options, calls.clock.instant());
        loop.then(calls.baseAsync(deploymentId), (base, error) -> {
            if (error != null) {
                loop.fail(error);
            } else {
                fetchUntilDone(loop, poll, base, deploymentId, requestId);
            }
        });
        return loop.result();
    }

    private void fetchUntilDone(
            AsyncLoop<RequestResult.Completed> loop,
            RequestCalls.Poll poll,
            ApiUrl base,
            String deploymentId,
            String requestId) {
        int wait = poll.longPollSeconds(calls.clock.instant());
        Instant sent = calls.clock.instant();
        loop.then(calls.transport.executeAsync(calls.fetch(base, deploymentId, requestId, wait)), (answer, error) -> {
            if (error != null) {
                loop.fail(error);
                return;
            }
            RequestResult result = RequestCalls.parseFetch(requestId, answer);
            Duration pause = poll.next(requestId, result, sent, wait, calls.clock.instant());
            if (pause == null) {
                loop.complete((RequestResult.Completed) result);
            } else {
                loop.after(pause, scheduler.get(), () -> fetchUntilDone(loop, poll, base, deploymentId, requestId));
            }
        });
    }

    @Override
    public CompletableFuture<ChatCompletion> awaitChatCompletion(
            String deploymentId, String requestId, AwaitOptions options) {
        return Futures.map(await(deploymentId, requestId, options), RequestResult.Completed::chatCompletion);
    }

    @Override
    public CompletableFuture<Completion> awaitCompletion(String deploymentId, String requestId, AwaitOptions options) {
        return Futures.map(await(deploymentId, requestId, options), RequestResult.Completed::completion);
    }

    @Override
    public CompletableFuture<Void> cancel(String deploymentId, String requestId) {
        return Futures.map(raw.cancel(deploymentId, requestId), RawResponse::parse);
    }

    private CompletableFuture<RawResponse<SubmittedRequest>> submit(
            String deploymentId, String route, JsonModel request, SubmitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(request, "request");
        String key = calls.keyOf(options);
        return calls.callAsync(
                deploymentId,
                base -> calls.submit(base, deploymentId, route, request, key),
                RequestCalls.submitted(key));
    }

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public CompletableFuture<RawResponse<SubmittedRequest>> submit(
                String deploymentId, ChatCompletionRequest request, SubmitOptions options) {
            return HttpRequestServiceAsync.this.submit(deploymentId, RequestCalls.CHAT_ROUTE, request, options);
        }

        @Override
        public CompletableFuture<RawResponse<SubmittedRequest>> submit(
                String deploymentId, CompletionRequest request, SubmitOptions options) {
            return HttpRequestServiceAsync.this.submit(deploymentId, RequestCalls.COMPLETIONS_ROUTE, request, options);
        }

        @Override
        public CompletableFuture<RawResponse<RequestResult>> fetch(String deploymentId, String requestId) {
            JlsClient.requireId("deploymentId", deploymentId);
            JlsClient.requireId("requestId", requestId);
            return calls.callAsync(
                    deploymentId,
                    base -> calls.fetch(base, deploymentId, requestId, 0),
                    RequestCalls.fetched(requestId));
        }

        @Override
        public CompletableFuture<RawResponse<Void>> cancel(String deploymentId, String requestId) {
            JlsClient.requireId("deploymentId", deploymentId);
            JlsClient.requireId("requestId", requestId);
            return calls.callAsync(
                    deploymentId, base -> calls.cancel(base, deploymentId, requestId), RequestCalls::nothing);
        }
    };
}
