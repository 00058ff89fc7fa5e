package dev.jls.sdk;

import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.SubmittedRequest;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** {@link RequestService} over HTTP. */
final class HttpRequestService implements RequestService {

    private final RequestCalls calls;
    private final Sleeper sleeper;

    HttpRequestService(RequestCalls calls, Sleeper sleeper) {
        this.calls = calls;
        this.sleeper = sleeper;
    }

    @Override
    public RequestService withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpRequestService(calls.withOptions(options), sleeper);
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public SubmittedRequest submit(String deploymentId, ChatCompletionRequest request, SubmitOptions options) {
        return raw.submit(deploymentId, request, options).parse();
    }

    @Override
    public SubmittedRequest submit(String deploymentId, CompletionRequest request, SubmitOptions options) {
        return raw.submit(deploymentId, request, options).parse();
    }

    @Override
    public RequestResult fetch(String deploymentId, String requestId) {
        return raw.fetch(deploymentId, requestId).parse();
    }

    @Override
    public RequestResult.Completed await(String deploymentId, String requestId, AwaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        Objects.requireNonNull(options, "options");
        ApiUrl base = calls.base(deploymentId);
        RequestCalls.Poll poll = new RequestCalls.Poll(options, calls.clock.instant());
        while (true) {
            int wait = poll.longPollSeconds(calls.clock.instant());
            Instant sent = calls.clock.instant();
            RequestResult result = RequestCalls.parseFetch(
                    requestId, calls.transport.execute(calls.fetch(base, deploymentId, requestId, wait)));
            Duration pause = poll.next(requestId, result, sent, wait, calls.clock.instant());
            if (pause == null) {
                return (RequestResult.Completed) result;
            }
            if (!pause.isZero()) {
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException cause = new InterruptedIOException("interrupted");
                    cause.initCause(e);
                    throw new JlsIoException("interrupted while awaiting request " + requestId, cause);
                }
            }
        }
    }

    @Override
    public void cancel(String deploymentId, String requestId) {
        raw.cancel(deploymentId, requestId);
    }

    private RawResponse<SubmittedRequest> submit(
            String deploymentId, String route, JsonModel request, SubmitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(request, "request");
        String key = calls.keyOf(options);
        return calls.call(
                deploymentId,
                base -> calls.submit(base, deploymentId, route, request, key),
                RequestCalls.submitted(key));
    }

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public RawResponse<SubmittedRequest> submit(
                String deploymentId, ChatCompletionRequest request, SubmitOptions options) {
            return HttpRequestService.this.submit(deploymentId, RequestCalls.CHAT_ROUTE, request, options);
        }

        @Override
        public RawResponse<SubmittedRequest> submit(
                String deploymentId, CompletionRequest request, SubmitOptions options) {
            return HttpRequestService.this.submit(deploymentId, RequestCalls.COMPLETIONS_ROUTE, request, options);
        }

        @Override
        public RawResponse<RequestResult> fetch(String deploymentId, String requestId) {
            JlsClient.requireId("deploymentId", deploymentId);
            JlsClient.requireId("requestId", requestId);
            return calls.call(
                    deploymentId,
                    base -> calls.fetch(base, deploymentId, requestId, 0),
                    RequestCalls.fetched(requestId));
        }

        @Override
        public RawResponse<Void> cancel(String deploymentId, String requestId) {
            JlsClient.requireId("deploymentId", deploymentId);
            JlsClient.requireId("requestId", requestId);
            return calls.call(deploymentId, base -> calls.cancel(base, deploymentId, requestId), RequestCalls::nothing);
        }
    };
}
