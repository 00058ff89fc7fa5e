package dev.jls.sdk;

import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.internal.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The entry point: a client for JarvisLabs Serverless and for the jls emulator.
 *
 * <pre>{@code
 * try (JlsClient client = JlsClient.builder().fromEnv().build()) {
 *     String id = client.deployments().create(spec);
 *     ...
 * }
 * }</pre>
 *
 * <p>One client is thread-safe and meant to be shared: it holds a connection pool, the HTTP threads and
 * one scheduler thread for asynchronous waits. {@link #close()} frees what the client created; an
 * {@link OkHttpClient} given to {@link Builder#okHttpClient} stays the caller's to close.
 *
 * <p>Every call is retried by one set of rules (see {@link Builder#maxRetries}); every failure is an
 * unchecked {@link dev.jls.sdk.errors.JlsException}.
 */
public final class JlsClient implements AutoCloseable {

    /** The environment variable read for the API key by {@link Builder#fromEnv()}. */
    public static final String ENV_API_KEY = "JL_API_KEY";
    /** The environment variable read for the base URL by {@link Builder#fromEnv()}. */
    public static final String ENV_BASE_URL = "JLS_BASE_URL";

    private final Builder config;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final HttpTransport transport;
    private final RegionRouter router;
    private final DeploymentService deployments;
    private final RequestService requests;
    private final Object schedulerLock = new Object();
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;

    private JlsClient(Builder config) {
        this.config = config.copy();
        HttpUrl base = config.baseUrl == null ? null : parseBaseUrl(config.baseUrl);
        OkHttpClient.Builder httpBuilder;
        if (config.okHttpClient != null) {
            // A derived client shares the caller's pool and threads and owns nothing to close.
            httpBuilder = config.okHttpClient.newBuilder();
            ownsHttp = false;
        } else {
            Dispatcher dispatcher = new Dispatcher();
            // Asynchronous streams and long-polls each hold a slot for their whole life.
            dispatcher.setMaxRequests(512);
            dispatcher.setMaxRequestsPerHost(256);
            httpBuilder = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES));
            ownsHttp = true;
        }
        httpBuilder
                .connectTimeout(config.connectTimeout)
                .readTimeout(config.timeout)
                .writeTimeout(config.timeout)
                .callTimeout(config.timeout);
        this.http = HttpTransport.configure(httpBuilder).build();
        RetryPolicy retryPolicy = new RetryPolicy(config.maxRetries, config.clock);
        this.transport =
                new HttpTransport(http, config.apiKey, retryPolicy, config.sleeper, config.timeout, this::scheduler);
        this.router = new RegionRouter(base, config.region);
        this.deployments = new HttpDeploymentService(transport, router, config.clock, config.sleeper);
        this.requests = new HttpRequestService(transport, router, config.clock, config.sleeper, this::scheduler);
    }

    /** A builder with the defaults; {@code apiKey} must be set (directly or through {@link Builder#fromEnv()}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's settings, to build a changed copy. The copy creates its own connection
     * pool and threads (closing one client does not affect the other), unless this client was given an
     * {@link OkHttpClient}, which the copy uses too.
     */
    public Builder newBuilder() {
        return config.copy();
    }

    /** Deployment management: create, list, get, update, delete, wait, logs. */
    public DeploymentService deployments() {
        checkOpen();
        return deployments;
    }

    /** Submit, fetch, await and cancel queued inference requests. */
    public RequestService requests() {
        checkOpen();
        return requests;
    }

    /**
     * The OpenAI-compatible endpoint of a deployment, {@code {base}/openai/{deploymentId}/v1}. Creating it
     * sends nothing; without a base URL or region, the first call finds the deployment's region.
     */
    public OpenAiEndpoint openai(String deploymentId) {
        checkOpen();
        requireId("deploymentId", deploymentId);
        return new HttpOpenAiEndpoint(
                transport,
                () -> v1Url(router.baseFor(deploymentId, transport), deploymentId),
                () -> router.baseForAsync(deploymentId, transport).thenApply(base -> v1Url(base, deploymentId)));
    }

    /**
     * Any OpenAI-compatible server at {@code v1BaseUrl}, e.g. {@code http://127.0.0.1:8000/v1} for a
     * vLLM engine, with this client's API key, timeouts and retries.
     *
     * @throws IllegalArgumentException if the URL is not http(s)
     */
    public OpenAiEndpoint openaiAt(String v1BaseUrl) {
        checkOpen();
        HttpUrl url = parseBaseUrl(v1BaseUrl);
        return new HttpOpenAiEndpoint(
                transport, () -> url, () -> java.util.concurrent.CompletableFuture.completedFuture(url));
    }

    /** The base URL given to the builder or read from {@code JLS_BASE_URL}, if any. */
    public Optional<String> baseUrl() {
        return Optional.ofNullable(config.baseUrl);
    }

    /** The region given to the builder, if any. */
    public Optional<Region> region() {
        return Optional.ofNullable(config.region);
    }

    /** The per-call timeout; default 60 s. */
    public Duration timeout() {
        return config.timeout;
    }

    /** The connect timeout; default 10 s. */
    public Duration connectTimeout() {
        return config.connectTimeout;
    }

    /** Retries after a failed attempt; default 2. */
    public int maxRetries() {
        return config.maxRetries;
    }

    /**
     * Frees what this client created: cancels its calls in flight, stops its HTTP threads and scheduler,
     * empties its connection pool. An {@link OkHttpClient} given to the builder is left open: its owner
     * closes it. Open streams of this client fail or end. Idempotent; after it, every call throws
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
        synchronized (schedulerLock) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        if (ownsHttp) {
            http.dispatcher().cancelAll();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        // Never the API key.
        return "JlsClient{baseUrl=" + config.baseUrl + ", region=" + config.region + ", timeout=" + config.timeout
                + ", maxRetries=" + config.maxRetries + "}";
    }

    private ScheduledExecutorService scheduler() {
        synchronized (schedulerLock) {
            checkOpen();
            if (scheduler == null) {
                ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                    Thread thread = new Thread(runnable, "jls-scheduler");
                    thread.setDaemon(true);
                    return thread;
                });
                executor.setRemoveOnCancelPolicy(true);
                scheduler = executor;
            }
            return scheduler;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    private static HttpUrl v1Url(HttpUrl base, String deploymentId) {
        return base.newBuilder()
                .addPathSegment("openai")
                .addPathSegment(deploymentId)
                .addPathSegment("v1")
                .build();
    }

    static void requireId(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
    }

    private static HttpUrl parseBaseUrl(String url) {
        HttpUrl parsed = HttpUrl.parse(url.trim());
        if (parsed == null) {
            throw new IllegalArgumentException("baseUrl: not an http or https URL: '" + url + "'");
        }
        return parsed;
    }

    /**
     * Configures a {@link JlsClient}. Not thread-safe; {@link #build()} copies the settings, so a builder
     * may be reused.
     */
    public static final class Builder {
        private String apiKey;
        private String baseUrl;
        private Region region;
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxRetries = 2;
        private OkHttpClient okHttpClient;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();

        private Builder() {}

        /**
         * Reads {@code JL_API_KEY} into {@link #apiKey} and {@code JLS_BASE_URL} into {@link #baseUrl}, each
         * only when set and not blank. Later setters override what it read.
         */
        public Builder fromEnv() {
            return fromEnv(System::getenv);
        }

        Builder fromEnv(Function<String, String> env) {
            String key = env.apply(ENV_API_KEY);
            if (key != null && !key.isBlank()) {
                apiKey(key.trim());
            }
            String url = env.apply(ENV_BASE_URL);
            if (url != null && !url.isBlank()) {
                baseUrl(url.trim());
            }
            return this;
        }

        /** The API key, sent as {@code Authorization: Bearer <key>} and never logged. Required. */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey: must not be blank");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The server to talk to, e.g. {@code http://127.0.0.1:8765} for the emulator. Default: the hosted
         * host of {@link #region}. With a base URL every call goes to it alone.
         *
         * @throws IllegalArgumentException if it is not an http(s) URL
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            parseBaseUrl(baseUrl);
            this.baseUrl = baseUrl.trim();
            return this;
        }

        /**
         * The hosted region to talk to when no base URL is set. Default: none, which means new deployments go
         * to their spec's region (else {@link Region#IN2}), listings ask every region, and calls on a
         * deployment id find its region (IN2, then IN1) on first use and remember it.
         */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * The time limit of one attempt of a call: connecting aside, reading, writing and the whole call.
         * Default 60 s. For streams it limits each wait for the next bytes, not the whole stream; a long-poll
         * adds its own wait to it.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** The time limit to open a connection. Default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.positive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * How many times a failed call is retried, {@code >= 0}; default 2. Which calls are retried: a
         * {@code GET} (or a {@code POST} with an {@code Idempotency-Key}, as every submit has) after a
         * connection failure, a timeout, {@code 408}, {@code 429} or {@code 5xx}; any call that failed before
         * it reached the server. Backoff: 0.5 s doubling to at most 8 s, with up to 25% jitter, or the
         * server's {@code Retry-After} when it asks for at most 60 s.
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries: must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * An OkHttp client to send the calls through, sharing its connection pool, threads and settings
         * (interceptors, proxy, TLS). The client applies its own timeouts to a derived copy. The caller keeps
         * ownership: {@link JlsClient#close()} does not close it. Default: a client of its own.
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /** The clock for timeouts and {@code Retry-After} dates. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Waits between retries and polls of blocking calls. Default {@link Sleeper#system()}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException if no API key was given (here or in {@code JL_API_KEY})
         */
        public JlsClient build() {
            if (apiKey == null) {
                throw new IllegalStateException("apiKey: not set; call apiKey(...) or set " + ENV_API_KEY);
            }
            return new JlsClient(this);
        }

        Builder copy() {
            Builder copy = new Builder();
            copy.apiKey = apiKey;
            copy.baseUrl = baseUrl;
            copy.region = region;
            copy.timeout = timeout;
            copy.connectTimeout = connectTimeout;
            copy.maxRetries = maxRetries;
            copy.okHttpClient = okHttpClient;
            copy.clock = clock;
            copy.sleeper = sleeper;
            return copy;
        }

        @Override
        public String toString() {
            return "JlsClient.Builder{baseUrl=" + baseUrl + ", region=" + region + ", apiKey="
                    + (apiKey == null ? "unset" : "set") + "}";
        }
    }
}
