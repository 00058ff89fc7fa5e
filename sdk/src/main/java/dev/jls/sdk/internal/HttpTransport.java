package dev.jls.sdk.internal;

import dev.jls.sdk.Sleeper;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends {@link ApiRequest}s over OkHttp: adds the API key, applies the {@link RetryPolicy}, and turns
 * answers that are not {@code 2xx} into the exceptions of {@code dev.jls.sdk.errors}.
 *
 * <p>The API key goes only into the {@code Authorization} header; it is never logged, and no message or
 * {@code toString()} of this class contains it. Thread-safe.
 */
public final class HttpTransport {

    /** Sent as {@code User-Agent}. */
    public static final String USER_AGENT = "jls-java/0.1.0";

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final String authorization;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Duration timeout;
    private final Supplier<ScheduledExecutorService> scheduler;
    private volatile boolean closed;

    /**
     * @param http      a client configured with {@link #configure}
     * @param apiKey    sent as {@code Authorization: Bearer <apiKey>}
     * @param timeout   the read and call timeout of one attempt (a long-poll adds its wait to it)
     * @param scheduler runs the pauses of asynchronous calls, so no thread blocks while waiting
     */
    public HttpTransport(
            OkHttpClient http,
            String apiKey,
            RetryPolicy retryPolicy,
            Sleeper sleeper,
            Duration timeout,
            Supplier<ScheduledExecutorService> scheduler) {
        this.http = Objects.requireNonNull(http, "http");
        this.authorization = "Bearer " + Objects.requireNonNull(apiKey, "apiKey");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /**
     * Adds what the transport relies on to a client being built: OkHttp's own silent retries off (the
     * {@link RetryPolicy} is the only place that decides), an interceptor that lengthens the read timeout
     * of long-polls, and one that records whether an attempt reached the server.
     */
    public static OkHttpClient.Builder configure(OkHttpClient.Builder builder) {
        return builder.retryOnConnectionFailure(false)
                .addInterceptor(HttpTransport::applyReadTimeout)
                .addNetworkInterceptor(HttpTransport::markReachedServer);
    }

    private static Response applyReadTimeout(Interceptor.Chain chain) throws IOException {
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt != null && attempt.readTimeoutMillis >= 0) {
            chain = chain.withReadTimeout(
                    (int) Math.min(Integer.MAX_VALUE, attempt.readTimeoutMillis), TimeUnit.MILLISECONDS);
        }
        return chain.proceed(chain.request());
    }

    private static Response markReachedServer(Interceptor.Chain chain) throws IOException {
        // Network interceptors run only once a connection exists: before that, the server saw nothing.
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt != null) {
            attempt.reachedServer = true;
        }
        return chain.proceed(chain.request());
    }

    /** Marks the transport closed: calls after this fail at once, failures are no longer retried. */
    public void close() {
        closed = true;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The underlying client, e.g. for a raw call in a test. */
    public OkHttpClient http() {
        return http;
    }

    /**
     * Sends the request, retrying as the {@link RetryPolicy} allows, and reads the whole answer.
     *
     * @throws JlsServiceException for a final answer that is not {@code 2xx}
     * @throws JlsIoException      for a final network failure or timeout
     */
    public ApiResponse execute(ApiRequest request) {
        int retries = 0;
        while (true) {
            Attempt attempt = new Attempt();
            Call call = newCall(request, attempt, false);
            Optional<Duration> pause;
            try (Response response = call.execute()) {
                byte[] body = readBody(response);
                if (response.isSuccessful()) {
                    return new ApiResponse(response.code(), response.headers(), body);
                }
                pause = retryPolicy.afterResponse(
                        retries, request.isReplayable(), response.code(), response.header("Retry-After"));
                if (pause.isEmpty()) {
                    throw serviceException(response, body);
                }
            } catch (IOException e) {
                pause = retryPolicy.afterFailure(retries, request.isReplayable(), attempt.reachedServer);
                // A call timeout also cancels the call, so only the client's close() stops retries here.
                if (pause.isEmpty() || closed) {
                    throw ioException(request, e);
                }
            }
            pause(pause.get());
            retries++;
        }
    }

    /**
     * Opens a streaming answer: retries as the {@link RetryPolicy} allows until the answer's headers
     * arrive, then never again. The returned response is {@code 2xx} and its body unread; the caller
     * closes it. No call timeout applies; the read timeout bounds each wait for the next bytes.
     */
    public StreamCall open(ApiRequest request) {
        int retries = 0;
        while (true) {
            Attempt attempt = new Attempt();
            Call call = newCall(request, attempt, true);
            Optional<Duration> pause;
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                pause = retryPolicy.afterFailure(retries, request.isReplayable(), attempt.reachedServer);
                if (pause.isEmpty() || closed) {
                    throw ioException(request, e);
                }
                pause(pause.get());
                retries++;
                continue;
            }
            if (response.isSuccessful()) {
                return new StreamCall(call, response);
            }
            try (response) {
                byte[] body;
                try {
                    body = readBody(response);
                } catch (IOException e) {
                    throw ioException(request, e);
                }
                pause = retryPolicy.afterResponse(
                        retries, request.isReplayable(), response.code(), response.header("Retry-After"));
                if (pause.isEmpty()) {
                    throw serviceException(response, body);
                }
            }
            pause(pause.get());
            retries++;
        }
    }

    /**
     * Sends the request without blocking the calling thread; retries wait on the scheduler, not on a
     * thread. Cancelling the returned future cancels the call in flight and any pending retry.
     */
    public CompletableFuture<ApiResponse> executeAsync(ApiRequest request) {
        CompletableFuture<ApiResponse> future = new CompletableFuture<>();
        new AsyncExchange<>(
                        request,
                        false,
                        response -> {
                            byte[] body = readBody(response);
                            return new ApiResponse(response.code(), response.headers(), body);
                        },
                        future)
                .send();
        return future;
    }

    /**
     * Opens a streaming answer without blocking the calling thread and hands the open {@code 2xx}
     * response to {@code reader} on an OkHttp thread, which consumes it; the future completes with what
     * the reader returns. Retries happen only before the answer's headers arrive. Cancelling the future
     * cancels the call.
     */
    public <T> CompletableFuture<T> openAsync(ApiRequest request, ResponseReader<T> reader) {
        CompletableFuture<T> future = new CompletableFuture<>();
        new AsyncExchange<>(request, true, reader, future).send();
        return future;
    }

    /** Consumes an open {@code 2xx} response. */
    @FunctionalInterface
    public interface ResponseReader<T> {
        T read(Response response) throws IOException;
    }

    /** An open streaming call and its answer; closing cancels the call. */
    public static final class StreamCall implements AutoCloseable {
        private final Call call;
        private final Response response;

        StreamCall(Call call, Response response) {
            this.call = call;
            this.response = response;
        }

        public Response response() {
            return response;
        }

        public boolean isCanceled() {
            return call.isCanceled();
        }

        /**
         * Closes the body after the stream's end: OkHttp discards what little is left and may reuse the
         * connection.
         */
        public void finish() {
            response.close();
        }

        /**
         * Cancels the call, which drops its connection: a read blocked on the body in another thread
         * fails at once. Only the thread that reads the body may close it ({@link #close()}).
         */
        public void cancel() {
            call.cancel();
        }

        /** Cancels the call and closes the body. Idempotent; not while another thread reads the body. */
        @Override
        public void close() {
            call.cancel();
            response.close();
        }
    }

    private final class AsyncExchange<T> implements Callback {
        private final ApiRequest request;
        private final boolean stream;
        private final ResponseReader<T> reader;
        private final CompletableFuture<T> future;
        private volatile Call current;
        private volatile ScheduledFuture<?> pending;
        private volatile Attempt attempt;
        private int retries;

        AsyncExchange(ApiRequest request, boolean stream, ResponseReader<T> reader, CompletableFuture<T> future) {
            this.request = request;
            this.stream = stream;
            this.reader = reader;
            this.future = future;
            future.whenComplete((value, error) -> {
                if (future.isCancelled()) {
                    ScheduledFuture<?> retry = pending;
                    if (retry != null) {
                        retry.cancel(false);
                    }
                    Call call = current;
                    if (call != null) {
                        call.cancel();
                    }
                }
            });
        }

        void send() {
            if (future.isDone()) {
                return;
            }
            attempt = new Attempt();
            Call call;
            try {
                call = newCall(request, attempt, stream);
            } catch (RuntimeException closedOrInvalid) {
                future.completeExceptionally(closedOrInvalid);
                return;
            }
            current = call;
            if (future.isCancelled()) {
                call.cancel();
            }
            call.enqueue(this);
        }

        @Override
        public void onFailure(Call call, IOException e) {
            Optional<Duration> pause = retryPolicy.afterFailure(retries, request.isReplayable(), attempt.reachedServer);
            if (pause.isEmpty() || future.isDone() || closed) {
                future.completeExceptionally(ioException(request, e));
            } else {
                retryAfter(pause.get());
            }
        }

        @Override
        public void onResponse(Call call, Response response) {
            if (response.isSuccessful()) {
                try (response) {
                    future.complete(reader.read(response));
                } catch (IOException e) {
                    if (stream) {
                        future.completeExceptionally(ioException(request, e));
                    } else {
                        onFailure(call, e);
                    }
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
                return;
            }
            Optional<Duration> pause;
            try (response) {
                byte[] body = readBody(response);
                pause = retryPolicy.afterResponse(
                        retries, request.isReplayable(), response.code(), response.header("Retry-After"));
                if (pause.isEmpty()) {
                    future.completeExceptionally(serviceException(response, body));
                    return;
                }
            } catch (IOException e) {
                onFailure(call, e);
                return;
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            retryAfter(pause.get());
        }

        private void retryAfter(Duration pause) {
            retries++;
            try {
                pending = scheduler.get().schedule(this::send, pause.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) {
                future.completeExceptionally(
                        new JlsIoException("cannot retry " + request + ": the client is closed", rejected));
            }
        }
    }

    private Call newCall(ApiRequest request, Attempt attempt, boolean stream) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        Request.Builder builder = new Request.Builder()
                .url(request.url())
                .header("Authorization", authorization)
                .header("User-Agent", USER_AGENT)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .tag(Attempt.class, attempt);
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        byte[] body = request.jsonBody();
        builder.method(request.method(), body == null ? null : RequestBody.create(body, JSON));
        long extra = request.extraTime().toMillis();
        if (request.unboundedRead()) {
            attempt.readTimeoutMillis = 0;
        } else if (extra > 0) {
            attempt.readTimeoutMillis = timeout.toMillis() + extra;
        }
        Call call = http.newCall(builder.build());
        if (stream) {
            // A stream may run for as long as the model writes; the read timeout still bounds silence.
            call.timeout().timeout(0, TimeUnit.MILLISECONDS);
        } else if (extra > 0) {
            call.timeout().timeout(timeout.toMillis() + extra, TimeUnit.MILLISECONDS);
        }
        return call;
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException cause = new InterruptedIOException("interrupted while waiting to retry");
            cause.initCause(e);
            throw new JlsIoException("interrupted while waiting to retry", cause);
        }
    }

    private static byte[] readBody(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? new byte[0] : body.bytes();
    }

    private static JlsException serviceException(Response response, byte[] body) {
        return JlsServiceException.of(
                response.code(), response.headers().toMultimap(), new String(body, StandardCharsets.UTF_8));
    }

    private static JlsIoException ioException(ApiRequest request, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new JlsIoException(request + " failed: " + detail, e);
    }

    /** Per-attempt state shared with the interceptors through the request's tag. */
    static final class Attempt {
        volatile boolean reachedServer;
        // -1: the client's read timeout; 0: none.
        volatile long readTimeoutMillis = -1;
    }

    @Override
    public String toString() {
        return "HttpTransport{maxRetries=" + retryPolicy.maxRetries() + ", timeout=" + timeout + "}";
    }
}
