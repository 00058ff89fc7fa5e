package dev.jls.sdk.http;

import dev.jls.sdk.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The default {@link JlsHttpClient}, on OkHttp 5.
 *
 * <p>It turns OkHttp's own silent retries off (the SDK decides every retry), applies each request's
 * time limits to its call, and knows whether an attempt reached the server: a network interceptor runs
 * only once a connection exists, so a failure before it is a {@link RequestNotSentException}.
 *
 * <pre>{@code
 * JlsClient client = JlsClient.builder()
 *         .apiKey(key)
 *         .httpClient(OkHttpJlsHttpClient.builder().connectTimeout(Duration.ofSeconds(3)).build())
 *         .build();
 * }</pre>
 */
public final class OkHttpJlsHttpClient implements JlsHttpClient {

    // OkHttp refuses these without a body.
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final OkHttpClient http;
    private final boolean ownsHttp;

    private OkHttpJlsHttpClient(Builder builder) {
        OkHttpClient.Builder http;
        if (builder.okHttpClient != null) {
            // A derived client shares the caller's pool and threads, and owns nothing to close.
            http = builder.okHttpClient.newBuilder();
            ownsHttp = false;
        } else {
            Dispatcher dispatcher = new Dispatcher();
            // Asynchronous streams and long-polls each hold a slot for their whole life.
            dispatcher.setMaxRequests(512);
            dispatcher.setMaxRequestsPerHost(256);
            http = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES));
            ownsHttp = true;
        }
        if (builder.connectTimeout != null || builder.okHttpClient == null) {
            http.connectTimeout(
                    builder.connectTimeout == null ? Builder.DEFAULT_CONNECT_TIMEOUT : builder.connectTimeout);
        }
        this.http = http.retryOnConnectionFailure(false)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .addInterceptor(OkHttpJlsHttpClient::applyTimeouts)
                .addNetworkInterceptor(OkHttpJlsHttpClient::markReachedServer)
                .build();
    }

    /** A builder with the defaults: its own connection pool and threads, connect timeout 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public JlsHttpResponse execute(JlsHttpRequest request) throws IOException {
        Attempt attempt = new Attempt(request);
        Call call = newCall(request, attempt);
        try {
            return new OkHttpResponse(call, call.execute());
        } catch (IOException e) {
            throw classify(call, attempt, e);
        }
    }

    @Override
    public CompletableFuture<JlsHttpResponse> executeAsync(JlsHttpRequest request) {
        CompletableFuture<JlsHttpResponse> future = new CompletableFuture<>();
        Attempt attempt = new Attempt(request);
        Call call;
        try {
            call = newCall(request, attempt);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        future.whenComplete((response, error) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                future.completeExceptionally(classify(failed, attempt, e));
            }

            @Override
            public void onResponse(Call answered, Response response) {
                OkHttpResponse wrapped = new OkHttpResponse(answered, response);
                if (!future.complete(wrapped)) {
                    wrapped.close();
                }
            }
        });
        return future;
    }

    /**
     * Frees what this client created: cancels its calls, stops its threads, empties its pool. A client
     * built on a given {@link OkHttpClient} leaves it alone: its owner closes it.
     */
    @Override
    public void close() {
        if (ownsHttp) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "OkHttpJlsHttpClient{connectTimeout=" + http.connectTimeoutMillis() + "ms}";
    }

    private Call newCall(JlsHttpRequest request, Attempt attempt) {
        Request.Builder builder =
                new Request.Builder().url(request.url().toString()).tag(Attempt.class, attempt);
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                builder.addHeader(header.getKey(), value);
            }
        }
        RequestBody body = null;
        if (request.body().isPresent()) {
            MediaType type =
                    request.header("Content-Type").map(MediaType::parse).orElse(null);
            body = RequestBody.create(request.body().get(), type);
        } else if (BODY_METHODS.contains(request.method())) {
            body = RequestBody.create(new byte[0], null);
        }
        builder.method(request.method(), body);
        Call call = http.newCall(builder.build());
        call.timeout().timeout(request.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return call;
    }

    private static IOException classify(Call call, Attempt attempt, IOException e) {
        if (!attempt.reachedServer && !call.isCanceled()) {
            return new RequestNotSentException(message(e), e);
        }
        return e;
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Response applyTimeouts(Interceptor.Chain chain) throws IOException {
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt != null) {
            int millis = (int) Math.min(Integer.MAX_VALUE, attempt.readTimeout.toMillis());
            chain = chain.withReadTimeout(millis, TimeUnit.MILLISECONDS)
                    .withWriteTimeout(millis, TimeUnit.MILLISECONDS);
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

    /** Per-attempt state shared with the interceptors through the request's tag. */
    private static final class Attempt {
        final Duration readTimeout;
        volatile boolean reachedServer;

        Attempt(JlsHttpRequest request) {
            this.readTimeout = request.readTimeout();
        }
    }

    /**
     * OkHttp's body may only be closed by the thread that reads it; another thread's close cancels the
     * call instead, and the reader closes the body when its read returns.
     */
    private static final class OkHttpResponse extends OpenResponse {
        private final Call call;
        private final Response response;
        private final InputStream body;
        private final Object lock = new Object();
        private boolean reading;
        private boolean closed;
        private volatile boolean ended;

        OkHttpResponse(Call call, Response response) {
            super(response.code(), response.headers().toMultimap());
            this.call = call;
            this.response = response;
            ResponseBody responseBody = response.body();
            InputStream source = responseBody.byteStream();
            this.body = new BodyStream(this) {
                @Override
                public int read(byte[] bytes, int offset, int length) throws IOException {
                    synchronized (lock) {
                        if (closed) {
                            throw new IOException("the response is closed");
                        }
                        reading = true;
                    }
                    boolean closeNow;
                    try {
                        int n = source.read(bytes, offset, length);
                        if (n < 0) {
                            ended = true;
                        }
                        return n;
                    } finally {
                        synchronized (lock) {
                            reading = false;
                            closeNow = closed;
                        }
                        if (closeNow) {
                            response.close();
                        }
                    }
                }
            };
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void finish() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            // OkHttp reads what is left of the body for up to 100 ms before the connection goes back to
            // its pool, and drops the connection when the body has not ended by then
            response.close();
        }

        @Override
        public void close() {
            boolean idle;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                idle = !reading;
            }
            if (!ended) {
                call.cancel();
            }
            if (idle) {
                response.close();
            }
        }
    }

    /** Builds an {@link OkHttpJlsHttpClient}. Not thread-safe. */
    public static final class Builder {
        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

        private OkHttpClient okHttpClient;
        private Duration connectTimeout;

        private Builder() {}

        /**
         * An OkHttp client to send through, sharing its connection pool, threads and settings
         * (interceptors, proxy, TLS); the SDK's client is derived from it. The caller keeps closing it:
         * {@link OkHttpJlsHttpClient#close()} leaves it open. Default: a client of its own, with up to
         * 512 calls at once (256 per host) and 16 idle connections kept for 5 minutes.
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /**
         * The time limit to open a connection. Default 10 s, or the given {@link #okHttpClient}'s own.
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.positive("connectTimeout", connectTimeout);
            return this;
        }

        /** The client; the builder stays usable. */
        public OkHttpJlsHttpClient build() {
            return new OkHttpJlsHttpClient(this);
        }
    }
}
