package dev.jls.sdk.internal;

import dev.jls.sdk.HttpLogEvent;
import dev.jls.sdk.HttpLogger;
import dev.jls.sdk.MetricsListener;
import dev.jls.sdk.Sleeper;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.http.JlsHttpClient;
import dev.jls.sdk.http.JlsHttpRequest;
import dev.jls.sdk.http.JlsHttpResponse;
import dev.jls.sdk.http.RequestNotSentException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends {@link ApiRequest}s through a {@link JlsHttpClient}: adds the API key, applies the
 * {@link RetryPolicy} and the per-call options, reports to the log and metrics hooks, and turns answers
 * that are not {@code 2xx} into the exceptions of {@code dev.jls.sdk.errors}.
 *
 * <p>The API key goes only into the {@code Authorization} header; it is never logged, and no message or
 * {@code toString()} of this class contains it. Thread-safe.
 */
public final class HttpTransport {

    /** Sent as {@code User-Agent}. */
    public static final String USER_AGENT = "jls-java/0.1.0";

    private final JlsHttpClient http;
    private final String authorization;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final Supplier<ScheduledExecutorService> scheduler;
    private final Supplier<Executor> readers;
    private final HttpLogger logger;
    private final MetricsListener metrics;
    private final Redactor redactor;
    private volatile boolean closed;

    /**
     * @param http      sends each attempt
     * @param apiKey    sent as {@code Authorization: Bearer <apiKey>}
     * @param timeout   the read and call timeout of one attempt (a long-poll adds its wait to it)
     * @param scheduler runs the pauses of asynchronous calls, so no thread blocks while waiting
     * @param readers   threads that may block reading the bodies of asynchronous calls
     * @param logger    the log hook, or null
     * @param metrics   the metrics hook, or null
     */
    public HttpTransport(
            JlsHttpClient http,
            String apiKey,
            RetryPolicy retryPolicy,
            Sleeper sleeper,
            Duration timeout,
            Supplier<ScheduledExecutorService> scheduler,
            Supplier<Executor> readers,
            HttpLogger logger,
            MetricsListener metrics) {
        this.http = Objects.requireNonNull(http, "http");
        this.authorization = "Bearer " + Objects.requireNonNull(apiKey, "apiKey");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.readers = Objects.requireNonNull(readers, "readers");
        this.logger = logger;
        this.metrics = metrics;
        this.redactor = new Redactor(apiKey);
    }

    /** Marks the transport closed: calls after this fail at once, failures are no longer retried. */
    public void close() {
        closed = true;
    }

    /** Threads that may block reading a streaming body. */
    public Executor readers() {
        return readers.get();
    }

    /**
     * Sends the request, retrying as the {@link RetryPolicy} allows, and reads the whole answer.
     *
     * @throws JlsServiceException for a final answer that is not {@code 2xx}
     * @throws JlsIoException      for a final network failure or timeout
     */
    public ApiResponse execute(ApiRequest request) {
        Call call = new Call(request, false);
        while (true) {
            Attempt attempt = call.attempt();
            Duration pause;
            try (JlsHttpResponse response = http.execute(attempt.sent)) {
                byte[] body = response.body().readAllBytes();
                attempt.answered(response, body);
                pause = call.afterAnswer(response, body);
                if (pause == null) {
                    return new ApiResponse(response.statusCode(), response.headers(), body);
                }
            } catch (IOException e) {
                attempt.failed(e);
                pause = call.afterFailure(e);
            }
            pause(call, pause);
        }
    }

    /**
     * Opens a streaming answer: retries as the {@link RetryPolicy} allows until the answer's headers
     * arrive, then never again. The returned response is {@code 2xx} and its body unread; the caller
     * closes it. No call timeout applies; the read timeout bounds each wait for the next bytes.
     */
    public JlsHttpResponse open(ApiRequest request) {
        Call call = new Call(request, true);
        while (true) {
            Attempt attempt = call.attempt();
            Duration pause;
            try {
                JlsHttpResponse response = http.execute(attempt.sent);
                if (isSuccess(response.statusCode())) {
                    attempt.answered(response, null);
                    call.succeeded(response.statusCode());
                    return response;
                }
                try (response) {
                    byte[] body = response.body().readAllBytes();
                    attempt.answered(response, body);
                    pause = call.afterAnswer(response, body);
                }
            } catch (IOException e) {
                attempt.failed(e);
                pause = call.afterFailure(e);
            }
            pause(call, pause);
        }
    }

    /**
     * Sends the request without blocking the calling thread; retries wait on the scheduler, not on a
     * thread. Cancelling the returned future cancels the call in flight and any pending retry.
     */
    public CompletableFuture<ApiResponse> executeAsync(ApiRequest request) {
        return new AsyncCall<ApiResponse>(new Call(request, false)).start();
    }

    /**
     * {@link #open} without blocking: the future completes with the open {@code 2xx} response, whose
     * body the caller reads on a thread allowed to block (see {@link #readers()}) and closes. Cancelling
     * the future cancels the call.
     */
    public CompletableFuture<JlsHttpResponse> openAsync(ApiRequest request) {
        return new AsyncCall<JlsHttpResponse>(new Call(request, true)).start();
    }

    private static boolean isSuccess(int code) {
        return code >= 200 && code < 300;
    }

    private void pause(Call call, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException cause = new InterruptedIOException("interrupted while waiting to retry");
            cause.initCause(e);
            throw call.ended(new JlsIoException("interrupted while waiting to retry", cause));
        }
    }

    /** One call: its attempts, its retry decisions, its figures. */
    private final class Call {
        final ApiRequest request;
        final boolean stream;
        final RetryPolicy policy;
        final long start = System.nanoTime();
        int attempts;
        Attempt current;
        OptionalInt lastStatus = OptionalInt.empty();

        Call(ApiRequest request, boolean stream) {
            this.request = request;
            this.stream = stream;
            this.policy = request.options()
                    .maxRetries()
                    .map(retryPolicy::withMaxRetries)
                    .orElse(retryPolicy);
        }

        Attempt attempt() {
            if (closed) {
                throw new IllegalStateException("the client is closed");
            }
            attempts++;
            return new Attempt(this, attempts, build());
        }

        private JlsHttpRequest build() {
            ApiUrl url = request.url();
            for (Map.Entry<String, String> param :
                    request.options().queryParams().entrySet()) {
                url = url.query(param.getKey(), param.getValue());
            }
            JlsHttpRequest.Builder builder = JlsHttpRequest.builder()
                    .method(request.method())
                    .url(url.toUri())
                    .header("Authorization", authorization)
                    .header("User-Agent", USER_AGENT)
                    .header("Accept", stream ? "text/event-stream" : "application/json");
            if (request.jsonBody() != null) {
                builder.header("Content-Type", "application/json").body(request.jsonBody());
            }
            request.headers().forEach(builder::header);
            request.options().headers().forEach(builder::header);
            Duration limit = request.options().timeout().orElse(timeout).plus(request.extraTime());
            if (stream) {
                // A stream may run for as long as the model writes; the read timeout still bounds silence.
                builder.readTimeout(request.unboundedRead() ? Duration.ZERO : limit);
            } else {
                builder.callTimeout(limit).readTimeout(limit);
            }
            return builder.build();
        }

        private boolean replayable(JlsHttpRequest sent) {
            return RetryPolicy.isReplayable(
                    sent.method(), sent.header(ApiRequest.IDEMPOTENCY_KEY).isPresent());
        }

        /** Null when the answer is a success; else the pause before a retry. */
        Duration afterAnswer(JlsHttpResponse response, byte[] body) {
            int code = response.statusCode();
            lastStatus = OptionalInt.of(code);
            if (isSuccess(code)) {
                succeeded(code);
                return null;
            }
            Optional<Duration> pause = policy.afterResponse(
                    attempts - 1,
                    replayable(current.sent),
                    code,
                    response.header("Retry-After").orElse(null));
            if (pause.isEmpty()) {
                throw ended(JlsServiceException.of(code, response.headers(), new String(body, StandardCharsets.UTF_8)));
            }
            retrying(pause.get(), Integer.toString(code));
            return pause.get();
        }

        /** The pause before a retry after a failure, or throws the final error. */
        Duration afterFailure(IOException e) {
            lastStatus = OptionalInt.empty();
            boolean reachedServer = !(e instanceof RequestNotSentException);
            Optional<Duration> pause = policy.afterFailure(attempts - 1, replayable(current.sent), reachedServer);
            // A call timeout also cancels the call, so only the client's close() stops retries here.
            if (pause.isEmpty() || closed) {
                throw ended(ioException(e));
            }
            retrying(pause.get(), e.getClass().getSimpleName());
            return pause.get();
        }

        JlsIoException ioException(IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new JlsIoException(request + " failed: " + detail, e);
        }

        void retrying(Duration pause, String reason) {
            if (metrics != null) {
                MetricsListener.Retry retry = new MetricsListener.Retry(request.operation(), attempts, pause, reason);
                callHook(() -> metrics.onRetry(retry));
            }
        }

        void succeeded(int code) {
            lastStatus = OptionalInt.of(code);
            report(Optional.empty());
        }

        <E extends RuntimeException> E ended(E error) {
            report(Optional.of(error.getClass().getSimpleName()));
            return error;
        }

        private void report(Optional<String> error) {
            if (metrics != null) {
                MetricsListener.Call figures = new MetricsListener.Call(
                        request.operation(), attempts, lastStatus, error, Duration.ofNanos(System.nanoTime() - start));
                callHook(() -> metrics.onCall(figures));
            }
        }
    }

    /** One attempt of a call: what was sent, and its report to the hooks. */
    private final class Attempt {
        final Call call;
        final int number;
        final JlsHttpRequest sent;
        final String operation;
        final long start;

        Attempt(Call call, int number, JlsHttpRequest sent) {
            this.call = call;
            this.number = number;
            this.sent = sent;
            this.operation = call.request.operation();
            call.current = this;
            log(() -> new HttpLogEvent.Request(
                    operation,
                    number,
                    sent.method(),
                    url(),
                    redactor.headers(sent.headers()),
                    redactor.body(sent.body().orElse(null))));
            this.start = System.nanoTime();
        }

        void answered(JlsHttpResponse response, byte[] body) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log(() -> new HttpLogEvent.Response(
                    operation,
                    number,
                    sent.method(),
                    url(),
                    response.statusCode(),
                    redactor.headers(response.headers()),
                    redactor.body(body),
                    took));
            measure(OptionalInt.of(response.statusCode()), Optional.empty(), took);
        }

        void failed(IOException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String error = e.getClass().getSimpleName();
            log(() -> new HttpLogEvent.Failure(
                    operation, number, sent.method(), url(), redactor.text(error + ": " + e.getMessage()), took));
            measure(OptionalInt.empty(), Optional.of(error), took);
        }

        private String url() {
            return redactor.text(sent.url().toString());
        }

        private void log(Supplier<HttpLogEvent> event) {
            if (logger != null) {
                callHook(() -> logger.log(event.get()));
            }
        }

        private void measure(OptionalInt status, Optional<String> error, Duration took) {
            if (metrics != null) {
                callHook(() -> metrics.onAttempt(new MetricsListener.Attempt(operation, number, status, error, took)));
            }
        }
    }

    private static void callHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException ignored) {
            // A hook's failure must not change the call's outcome.
        }
    }

    /** One asynchronous call: attempts chained through the scheduler, no thread held between them. */
    private final class AsyncCall<T> {
        final Call call;
        final CompletableFuture<T> result = new CompletableFuture<>();
        volatile Future<?> current;

        AsyncCall(Call call) {
            this.call = call;
        }

        CompletableFuture<T> start() {
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    Future<?> step = current;
                    if (step != null) {
                        step.cancel(true);
                    }
                }
            });
            send();
            return result;
        }

        private void track(Future<?> step) {
            current = step;
            if (result.isCancelled()) {
                step.cancel(true);
            }
        }

        private void send() {
            if (result.isDone()) {
                return;
            }
            Attempt attempt;
            try {
                attempt = call.attempt();
            } catch (RuntimeException closedOrInvalid) {
                result.completeExceptionally(closedOrInvalid);
                return;
            }
            CompletableFuture<JlsHttpResponse> sent = http.executeAsync(attempt.sent);
            track(sent);
            sent.whenComplete((response, error) -> {
                if (error != null) {
                    failed(attempt, Futures.unwrap(error));
                } else if (result.isDone()) {
                    response.close();
                } else if (call.stream && isSuccess(response.statusCode())) {
                    attempt.answered(response, null);
                    call.succeeded(response.statusCode());
                    @SuppressWarnings("unchecked")
                    T open = (T) response;
                    if (!result.complete(open)) {
                        response.close();
                    }
                } else {
                    try {
                        readers.get().execute(() -> read(attempt, response));
                    } catch (RuntimeException rejected) {
                        response.close();
                        result.completeExceptionally(call.ended(
                                new JlsIoException(call.request + " failed: the client is closed", rejected)));
                    }
                }
            });
        }

        private void read(Attempt attempt, JlsHttpResponse response) {
            Duration pause;
            try (response) {
                byte[] body = response.body().readAllBytes();
                attempt.answered(response, body);
                pause = call.afterAnswer(response, body);
                if (pause == null) {
                    @SuppressWarnings("unchecked")
                    T answer = (T) new ApiResponse(response.statusCode(), response.headers(), body);
                    result.complete(answer);
                    return;
                }
            } catch (IOException e) {
                failed(attempt, e);
                return;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            retryAfter(pause);
        }

        private void failed(Attempt attempt, Throwable error) {
            if (result.isDone() || error instanceof CancellationException) {
                return;
            }
            if (!(error instanceof IOException e)) {
                result.completeExceptionally(error);
                return;
            }
            attempt.failed(e);
            Duration pause;
            try {
                pause = call.afterFailure(e);
            } catch (JlsException finalError) {
                result.completeExceptionally(finalError);
                return;
            }
            retryAfter(pause);
        }

        private void retryAfter(Duration pause) {
            try {
                track(scheduler.get().schedule(this::send, pause.toNanos(), TimeUnit.NANOSECONDS));
            } catch (RuntimeException rejected) {
                result.completeExceptionally(call.ended(
                        new JlsIoException("cannot retry " + call.request + ": the client is closed", rejected)));
            }
        }
    }

    @Override
    public String toString() {
        return "HttpTransport{maxRetries=" + retryPolicy.maxRetries() + ", timeout=" + timeout + "}";
    }
}
