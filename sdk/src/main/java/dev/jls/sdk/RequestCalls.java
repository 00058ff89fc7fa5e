package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import dev.jls.sdk.models.SubmittedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The queued-request calls as requests and answers, shared by the blocking and the asynchronous service,
 * and the polling schedule of an await.
 */
final class RequestCalls extends DeploymentScopedCalls {

    /** The header a fetch answer carries its state in (an extension; the body's status wins). */
    static final String REQUEST_STATUS_HEADER = "X-Request-Status";

    static final String CHAT_ROUTE = "chat/completions";
    static final String COMPLETIONS_ROUTE = "completions";

    RequestCalls(HttpTransport transport, RegionRouter router, Clock clock, RequestOptions options) {
        super(transport, router, clock, options);
    }

    RequestCalls withOptions(RequestOptions over) {
        return new RequestCalls(transport, router, clock, options.merge(over));
    }

    /**
     * The idempotency key a submit sends: one set as a header through {@link RequestOptions}, else the
     * submit options' one, else a fresh UUID.
     */
    String keyOf(SubmitOptions submitOptions) {
        Objects.requireNonNull(submitOptions, "options");
        for (Map.Entry<String, String> header : options.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(ApiRequest.IDEMPOTENCY_KEY)) {
                return header.getValue();
            }
        }
        return submitOptions.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
    }

    ApiRequest submit(ApiUrl base, String deploymentId, String route, JsonModel request, String key) {
        ObjectNode envelope = Json.object();
        envelope.set("input", request.toJson());
        return ApiRequest.post(
                        "requests.submit",
                        base.segments("deployment", deploymentId, "v1").route(route),
                        Json.writeBytes(envelope))
                .withHeader(ApiRequest.IDEMPOTENCY_KEY, key)
                .withOptions(options);
    }

    /** Reads a submit's answer, which carries the request's id, with the key it was sent with. */
    static Function<ApiResponse, SubmittedRequest> submitted(String key) {
        return answer ->
                SubmittedRequest.of(DeploymentCalls.requiredText(Json.readTree(answer.body()), "id", "submit"), key);
    }

    ApiRequest fetch(ApiUrl base, String deploymentId, String requestId, int waitSeconds) {
        ApiUrl url = base.segments("deployment", deploymentId, requestId);
        if (waitSeconds > 0) {
            url = url.query("wait", Integer.toString(waitSeconds));
        }
        ApiRequest request = ApiRequest.get("requests.fetch", url).withOptions(options);
        return waitSeconds > 0 ? request.withExtraTime(Duration.ofSeconds(waitSeconds)) : request;
    }

    static Function<ApiResponse, RequestResult> fetched(String requestId) {
        return answer -> parseFetch(requestId, answer);
    }

    ApiRequest cancel(ApiUrl base, String deploymentId, String requestId) {
        return ApiRequest.post(
                        "requests.cancel", base.segments("deployment", deploymentId, requestId, "cancel"), new byte[0])
                .withOptions(options);
    }

    static RequestResult parseFetch(String requestId, ApiResponse answer) {
        String headerState = answer.header(REQUEST_STATUS_HEADER).orElse(null);
        if (answer.code() == 202) {
            // 202 is pending whatever the body holds; the body's status, else the header, says how far.
            JsonNode body = answer.body().length == 0 ? null : Json.readTree(answer.body());
            if (body != null && body.hasNonNull("status") && body.get("status").isTextual()) {
                return RequestResult.fromFetch(requestId, body);
            }
            return new RequestResult.Pending(
                    requestId, headerState == null ? RequestState.PROCESSING : RequestState.of(headerState));
        }
        return RequestResult.fromFetch(requestId, Json.readTree(answer.body()));
    }

    /**
     * The polling schedule of one await, shared by the blocking and the asynchronous form: the next
     * pause doubles from the initial interval to the cap; a fetch the server held (a long-poll that
     * ran its course) is followed at once by the next one.
     */
    static final class Poll {
        private final AwaitOptions options;
        private final Instant deadline;
        private Duration interval;

        Poll(AwaitOptions options, Instant start) {
            this.options = options;
            this.deadline = start.plus(options.timeout());
            this.interval = options.initialInterval();
        }

        /** The {@code ?wait=} seconds for the next fetch: the long-poll, but not past the deadline. */
        int longPollSeconds(Instant now) {
            long left = Duration.between(now, deadline).getSeconds();
            return (int) Math.max(0, Math.min(options.longPoll().getSeconds(), left));
        }

        /**
         * What follows a fetch: null when the request completed, else the pause before the next fetch.
         *
         * @throws RequestFailedException, RequestCancelledException, AwaitTimeoutException as await does
         */
        Duration next(String requestId, RequestResult result, Instant sent, int wait, Instant now) {
            if (result instanceof RequestResult.Completed) {
                return null;
            }
            if (result instanceof RequestResult.Failed failed) {
                throw new RequestFailedException(requestId, failed.error());
            }
            if (result instanceof RequestResult.Cancelled) {
                throw new RequestCancelledException(requestId);
            }
            RequestState lastState = ((RequestResult.Pending) result).state();
            Duration left = Duration.between(now, deadline);
            if (left.isNegative() || left.isZero()) {
                throw new AwaitTimeoutException(requestId, options.timeout(), lastState);
            }
            boolean heldByServer = wait > 0 && Duration.between(sent, now).toMillis() >= wait * 1000L / 2;
            if (heldByServer) {
                return Duration.ZERO;
            }
            Duration pause = interval.compareTo(left) < 0 ? interval : left;
            Duration doubled = interval.multipliedBy(2);
            interval = doubled.compareTo(options.maxInterval()) < 0 ? doubled : options.maxInterval();
            return pause;
        }
    }
}
