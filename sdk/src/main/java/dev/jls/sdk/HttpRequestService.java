package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.RequestCancelledException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.internal.ApiRequest;
import dev.jls.sdk.internal.ApiResponse;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.JsonModel;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.RequestState;
import dev.jls.sdk.models.SubmittedRequest;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** {@link RequestService} over HTTP. */
final class HttpRequestService implements RequestService {

    /** The header a fetch answer carries its state in (an extension; the body's status wins). */
    static final String REQUEST_STATUS_HEADER = "X-Request-Status";

    private final HttpTransport transport;
    private final RegionRouter router;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<ScheduledExecutorService> scheduler;

    HttpRequestService(
            HttpTransport transport,
            RegionRouter router,
            Clock clock,
            Sleeper sleeper,
            Supplier<ScheduledExecutorService> scheduler) {
        this.transport = transport;
        this.router = router;
        this.clock = clock;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
    }

    @Override
    public SubmittedRequest submit(String deploymentId, ChatCompletionRequest request, SubmitOptions options) {
        Objects.requireNonNull(request, "request");
        return submit(deploymentId, "chat/completions", request, options);
    }

    @Override
    public SubmittedRequest submitCompletion(String deploymentId, CompletionRequest request, SubmitOptions options) {
        Objects.requireNonNull(request, "request");
        return submit(deploymentId, "completions", request, options);
    }

    private SubmittedRequest submit(String deploymentId, String route, JsonModel request, SubmitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        Objects.requireNonNull(options, "options");
        String key = options.idempotencyKey().orElseGet(() -> UUID.randomUUID().toString());
        ObjectNode envelope = Json.object();
        envelope.set("input", request.toJson());
        HttpUrl url = base(deploymentId)
                .newBuilder()
                .addPathSegment("deployment")
                .addPathSegment(deploymentId)
                .addPathSegment("v1")
                .addPathSegments(route)
                .build();
        ApiResponse answer = transport.execute(
                ApiRequest.post(url, Json.writeBytes(envelope)).withHeader(ApiRequest.IDEMPOTENCY_KEY, key));
        JsonNode body = Json.readTree(answer.body());
        return SubmittedRequest.of(HttpDeploymentService.requiredText(body, "id", "submit"), key);
    }

    @Override
    public RequestResult fetch(String deploymentId, String requestId) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        return parseFetch(requestId, transport.execute(fetchRequest(base(deploymentId), deploymentId, requestId, 0)));
    }

    @Override
    public RequestResult.Completed await(String deploymentId, String requestId, AwaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        Objects.requireNonNull(options, "options");
        HttpUrl base = base(deploymentId);
        Poll poll = new Poll(options, clock.instant());
        while (true) {
            int wait = poll.longPollSeconds(clock.instant());
            Instant sent = clock.instant();
            RequestResult result =
                    parseFetch(requestId, transport.execute(fetchRequest(base, deploymentId, requestId, wait)));
            Duration pause = poll.next(requestId, result, sent, wait, clock.instant());
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
    public CompletableFuture<RequestResult.Completed> awaitAsync(
            String deploymentId, String requestId, AwaitOptions options) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        Objects.requireNonNull(options, "options");
        AsyncAwait await = new AsyncAwait(deploymentId, requestId, new Poll(options, clock.instant()));
        await.start();
        return await.result;
    }

    @Override
    public void cancel(String deploymentId, String requestId) {
        JlsClient.requireId("deploymentId", deploymentId);
        JlsClient.requireId("requestId", requestId);
        HttpUrl url = base(deploymentId)
                .newBuilder()
                .addPathSegment("deployment")
                .addPathSegment(deploymentId)
                .addPathSegment(requestId)
                .addPathSegment("cancel")
                .build();
        transport.execute(ApiRequest.post(url, new byte[0]));
    }

    /**
     * The polling schedule of one await, shared by the blocking and the asynchronous form: the next
     * pause doubles from the initial interval to the cap; a fetch the server held (a long-poll that
     * ran its course) is followed at once by the next one.
     */
    private static final class Poll {
        private final AwaitOptions options;
        private final Instant deadline;
        private Duration interval;
        private RequestState lastState;

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
            lastState = ((RequestResult.Pending) result).state();
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

    /** One asynchronous await: fetches chained through the scheduler, no thread held in between. */
    private final class AsyncAwait {
        final CompletableFuture<RequestResult.Completed> result = new CompletableFuture<>();
        private final String deploymentId;
        private final String requestId;
        private final Poll poll;
        private volatile Future<?> inFlight;

        AsyncAwait(String deploymentId, String requestId, Poll poll) {
            this.deploymentId = deploymentId;
            this.requestId = requestId;
            this.poll = poll;
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    Future<?> current = inFlight;
                    if (current != null) {
                        current.cancel(true);
                    }
                }
            });
        }

        void start() {
            CompletableFuture<HttpUrl> base = router.baseForAsync(deploymentId, transport);
            track(base);
            base.whenComplete((url, error) -> {
                if (error != null) {
                    fail(error);
                } else {
                    fetch(url);
                }
            });
        }

        private void fetch(HttpUrl base) {
            if (result.isDone()) {
                return;
            }
            Instant sent = clock.instant();
            int wait = poll.longPollSeconds(sent);
            CompletableFuture<ApiResponse> answer =
                    transport.executeAsync(fetchRequest(base, deploymentId, requestId, wait));
            track(answer);
            answer.whenComplete((response, error) -> {
                if (error != null) {
                    fail(error);
                    return;
                }
                try {
                    RequestResult fetched = parseFetch(requestId, response);
                    Duration pause = poll.next(requestId, fetched, sent, wait, clock.instant());
                    if (pause == null) {
                        result.complete((RequestResult.Completed) fetched);
                    } else if (!result.isDone()) {
                        inFlight = scheduler.get().schedule(() -> fetch(base), pause.toNanos(), TimeUnit.NANOSECONDS);
                        if (result.isCancelled()) {
                            inFlight.cancel(false);
                        }
                    }
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        }

        private void track(Future<?> step) {
            inFlight = step;
            if (result.isCancelled()) {
                step.cancel(true);
            }
        }

        private void fail(Throwable error) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            result.completeExceptionally(cause);
        }
    }

    private static ApiRequest fetchRequest(HttpUrl base, String deploymentId, String requestId, int waitSeconds) {
        HttpUrl.Builder url = base.newBuilder()
                .addPathSegment("deployment")
                .addPathSegment(deploymentId)
                .addPathSegment(requestId);
        if (waitSeconds > 0) {
            url.addQueryParameter("wait", Integer.toString(waitSeconds));
        }
        ApiRequest request = ApiRequest.get(url.build());
        return waitSeconds > 0 ? request.withExtraTime(Duration.ofSeconds(waitSeconds)) : request;
    }

    static RequestResult parseFetch(String requestId, ApiResponse answer) {
        String headerState = answer.headers().get(REQUEST_STATUS_HEADER);
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

    private HttpUrl base(String deploymentId) {
        return router.baseFor(deploymentId, transport);
    }
}
