package dev.jls.sdk;

import dev.jls.sdk.http.JdkJlsHttpClient;
import dev.jls.sdk.http.JlsHttpClient;
import dev.jls.sdk.http.OkHttpJlsHttpClient;
import dev.jls.sdk.internal.ApiUrl;
import dev.jls.sdk.internal.Durations;
import dev.jls.sdk.internal.HttpTransport;
import dev.jls.sdk.internal.RegionRouter;
import dev.jls.sdk.internal.RetryPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * <p>One client is thread-safe and meant to be shared: it holds its HTTP client (with its connection
 * pool and threads), one scheduler thread for asynchronous waits and retries, and the threads that read
 * asynchronous streams. {@link #close()} frees what the client created; a {@link JlsHttpClient} given to
 * {@link Builder#httpClient} stays the caller's to close.
 *
 * <p>{@link #async()} is the same client without blocking: every call answers a future. Every call is
 * retried by one set of rules (see {@link Builder#maxRetries}); every failure is an unchecked
 * {@link dev.jls.sdk.errors.JlsException}.
 */
public final class JlsClient implements AutoCloseable {

    /** The environment variable read for the API key by {@link Builder#fromEnv()}. */
    public static final String ENV_API_KEY = "JL_API_KEY";
    /** The environment variable read for the base URL by {@link Builder#fromEnv()}. */
    public static final String ENV_BASE_URL = "JLS_BASE_URL";

    private static final AtomicInteger READER_THREADS = new AtomicInteger();

    private final Builder config;
    private final JlsHttpClient http;
    private final boolean ownsHttp;
    private final HttpTransport transport;
    private final RegionRouter router;
    private final DeploymentService deployments;
    private final RequestService requests;
    private final JlsClientAsync async;
    private final Object threadsLock = new Object();
    private ScheduledExecutorService scheduler;
    private ExecutorService readers;
    private volatile boolean closed;

    private JlsClient(Builder config) {
        this.config = config.copy();
        ApiUrl base = config.baseUrl == null ? null : ApiUrl.parse(config.baseUrl);
        if (config.httpClient != null) {
            this.http = config.httpClient;
            this.ownsHttp = false;
        } else {
            this.http = defaultHttpClient(config.connectTimeout());
            this.ownsHttp = true;
        }
        RetryPolicy retryPolicy = new RetryPolicy(config.maxRetries, config.clock);
        this.transport = new HttpTransport(
                http,
                config.apiKey,
                retryPolicy,
                config.sleeper,
                config.timeout,
                this::scheduler,
                this::readers,
                config.httpLogger,
                config.metricsListener);
        this.router = new RegionRouter(base, config.region);
        DeploymentCalls deploymentCalls = new DeploymentCalls(transport, router, config.clock, RequestOptions.none());
        RequestCalls requestCalls = new RequestCalls(transport, router, config.clock, RequestOptions.none());
        this.deployments = new HttpDeploymentService(deploymentCalls, config.sleeper);
        this.requests = new HttpRequestService(requestCalls, config.sleeper);
        this.async = new JlsClientAsync(
                this,
                new HttpDeploymentServiceAsync(deploymentCalls, this::scheduler),
                new HttpRequestServiceAsync(requestCalls, this::scheduler));
    }

    /** A builder with the defaults; {@code apiKey} must be set (directly or through {@link Builder#fromEnv()}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with this client's settings, to build a changed copy. The copy creates its own HTTP
     * client, pool and threads (closing one client does not affect the other), unless this client was
     * given a {@link JlsHttpClient}, which the copy uses too.
     */
    public Builder newBuilder() {
        return config.copy();
    }

    /** Deployment management: create, list, retrieve, update, delete, await, logs. */
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
        return new HttpOpenAiEndpoint(openAiCalls(deploymentId));
    }

    /**
     * Any OpenAI-compatible server at {@code v1BaseUrl}, e.g. {@code http://127.0.0.1:8000/v1} for a
     * vLLM engine, with this client's API key, timeouts and retries.
     *
     * @throws IllegalArgumentException if the URL is not http(s)
     */
    public OpenAiEndpoint openaiAt(String v1BaseUrl) {
        return new HttpOpenAiEndpoint(openAiCallsAt(v1BaseUrl));
    }

    /**
     * This client without blocking: the same services, settings, retries and errors, every call
     * answering a {@link CompletableFuture} and every stream an {@link AsyncStreamResponse}. It shares this
     * client's connections and threads, and closing this client ends it.
     */
    public JlsClientAsync async() {
        checkOpen();
        return async;
    }

    OpenAiCalls openAiCalls(String deploymentId) {
        checkOpen();
        requireId("deploymentId", deploymentId);
        return new OpenAiCalls(
                transport,
                () -> v1Url(router.baseFor(deploymentId, transport), deploymentId),
                () -> router.baseForAsync(deploymentId, transport).thenApply(base -> v1Url(base, deploymentId)),
                RequestOptions.none());
    }

    OpenAiCalls openAiCallsAt(String v1BaseUrl) {
        checkOpen();
        ApiUrl url = ApiUrl.parse(Objects.requireNonNull(v1BaseUrl, "v1BaseUrl"));
        return new OpenAiCalls(
                transport, () -> url, () -> CompletableFuture.completedFuture(url), RequestOptions.none());
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

    /** The connect timeout of the HTTP client this client creates; default 10 s. */
    public Duration connectTimeout() {
        return config.connectTimeout();
    }

    /** Retries after a failed attempt; default 2. */
    public int maxRetries() {
        return config.maxRetries;
    }

    /**
     * Frees what this client created: cancels its calls in flight, stops its HTTP client's threads, its
     * scheduler and its stream readers, empties its connection pool. A {@link JlsHttpClient} given to the
     * builder is left open: its owner closes it. Open streams of this client fail or end. Idempotent;
     * after it, every call throws {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
        synchronized (threadsLock) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            if (readers != null) {
                readers.shutdownNow();
            }
        }
        if (ownsHttp) {
            http.close();
        }
    }

    @Override
    public String toString() {
        // Never the API key.
        return "JlsClient{baseUrl=" + config.baseUrl + ", region=" + config.region + ", timeout=" + config.timeout
                + ", maxRetries=" + config.maxRetries + "}";
    }

    private ScheduledExecutorService scheduler() {
        synchronized (threadsLock) {
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

    private ExecutorService readers() {
        synchronized (threadsLock) {
            checkOpen();
            if (readers == null) {
                // One thread per open asynchronous stream or body, for as long as it is read.
                readers = Executors.newCachedThreadPool(runnable -> {
                    Thread thread = new Thread(runnable, "jls-reader-" + READER_THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return readers;
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /** OkHttp when it is on the class path (a dependency of the SDK), else the JDK's own client. */
    private static JlsHttpClient defaultHttpClient(Duration connectTimeout) {
        try {
            Class.forName("okhttp3.OkHttpClient", false, JlsClient.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return JdkJlsHttpClient.builder().connectTimeout(connectTimeout).build();
        }
        return OkHttpJlsHttpClient.builder().connectTimeout(connectTimeout).build();
    }

    /** The HTTP client the calls go through. */
    JlsHttpClient httpClient() {
        return http;
    }

    private static ApiUrl v1Url(ApiUrl base, String deploymentId) {
        return base.segments("openai", deploymentId, "v1");
    }

    static void requireId(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
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
        private Duration connectTimeout;
        private int maxRetries = 2;
        private JlsHttpClient httpClient;
        private HttpLogger httpLogger;
        private MetricsListener metricsListener;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.system();
        // jl's config file, where fromEnv() looks for a key that is still missing at build().
        private Path keyFile;

        private Builder() {}

        /**
         * Reads {@code JL_API_KEY} into {@link #apiKey} and {@code JLS_BASE_URL} into {@link #baseUrl}, each
         * only when set and not blank. Later setters override what it read. When no key is set by the time
         * of {@link #build()}, the key comes from the file JarvisLabs' {@code jl setup} writes
         * ({@code $XDG_CONFIG_HOME/jl/config.toml}, else {@code ~/.config/jl/config.toml}; see
         * {@link JlConfigFile}), read only then. So the key is the first of: {@link #apiKey}, {@code JL_API_KEY},
         * jl's config file.
         */
        public Builder fromEnv() {
            String home = System.getProperty("user.home");
            return fromEnv(System::getenv, home == null || home.isBlank() ? null : Path.of(home));
        }

        /** {@link #fromEnv()} with a given environment and home directory (null: none), for tests. */
        Builder fromEnv(Function<String, String> env, Path home) {
            String key = env.apply(ENV_API_KEY);
            if (key != null && !key.isBlank()) {
                apiKey(key.trim());
            }
            String url = env.apply(ENV_BASE_URL);
            if (url != null && !url.isBlank()) {
                baseUrl(url.trim());
            }
            this.keyFile = JlConfigFile.location(env, home).orElse(null);
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
            ApiUrl.parse(baseUrl);
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

        /**
         * The time limit to open a connection, for the HTTP client this client creates. Default 10 s. With
         * {@link #httpClient} the given client's own setting applies: setting both is refused by
         * {@link #build()}.
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Durations.positive("connectTimeout", connectTimeout);
            return this;
        }

        Duration connectTimeout() {
            return connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
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
         * The HTTP client to send every call through, e.g. an {@link OkHttpJlsHttpClient} built with your
         * own OkHttp client, a {@link dev.jls.sdk.http.JdkJlsHttpClient}, or your own implementation. The
         * caller keeps ownership: {@link JlsClient#close()} does not close it, and copies made with
         * {@link JlsClient#newBuilder()} share it. Default: an {@link OkHttpJlsHttpClient} of the client's
         * own, closed with it; a {@link JdkJlsHttpClient} when OkHttp is not on the class path (a project
         * that excludes {@code com.squareup.okhttp3:okhttp-jvm} from its dependencies).
         */
        public Builder httpClient(JlsHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Receives every HTTP attempt, redacted, for debugging (see {@link HttpLogger}). Default none.
         */
        public Builder httpLogger(HttpLogger httpLogger) {
            this.httpLogger = Objects.requireNonNull(httpLogger, "httpLogger");
            return this;
        }

        /**
         * Receives the figures of every call, attempt and retry (see {@link MetricsListener}). Default
         * none.
         */
        public Builder metricsListener(MetricsListener metricsListener) {
            this.metricsListener = Objects.requireNonNull(metricsListener, "metricsListener");
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
         * @throws IllegalStateException if no API key was given (here, in {@code JL_API_KEY} or, after
         *     {@link #fromEnv()}, in jl's config file), or if that file had to be read and is not TOML
         */
        public JlsClient build() {
            if (httpClient != null && connectTimeout != null) {
                throw new IllegalStateException(
                        "connectTimeout: set it on the given httpClient, which opens the connections");
            }
            if (apiKey != null) {
                return new JlsClient(this);
            }
            Optional<String> saved = keyFile == null ? Optional.empty() : JlConfigFile.token(keyFile);
            if (saved.isEmpty()) {
                throw new IllegalStateException("apiKey: not set; call apiKey(...), set " + ENV_API_KEY
                        + (keyFile == null ? "" : ", or save one with jl setup (" + keyFile + ")"));
            }
            Builder withKey = copy();
            withKey.apiKey = saved.get();
            return new JlsClient(withKey);
        }

        Builder copy() {
            Builder copy = new Builder();
            copy.apiKey = apiKey;
            copy.baseUrl = baseUrl;
            copy.region = region;
            copy.timeout = timeout;
            copy.connectTimeout = connectTimeout;
            copy.maxRetries = maxRetries;
            copy.httpClient = httpClient;
            copy.httpLogger = httpLogger;
            copy.metricsListener = metricsListener;
            copy.clock = clock;
            copy.sleeper = sleeper;
            copy.keyFile = keyFile;
            return copy;
        }

        @Override
        public String toString() {
            return "JlsClient.Builder{baseUrl=" + baseUrl + ", region=" + region + ", apiKey="
                    + (apiKey == null ? "unset" : "set") + "}";
        }
    }
}
