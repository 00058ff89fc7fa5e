package dev.jls.sdk;

import dev.jls.sdk.internal.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings for the calls of one service view, over the client's: a timeout, a retry count, extra
 * headers and extra query parameters. Immutable.
 *
 * <pre>{@code
 * RequestOptions patient = RequestOptions.builder()
 *         .timeout(Duration.ofMinutes(5))
 *         .maxRetries(0)
 *         .putHeader("X-Trace-Id", traceId)
 *         .build();
 * ChatCompletion answer = client.openai(id).withOptions(patient).createChatCompletion(request);
 * }</pre>
 *
 * <p>Every service has {@code withOptions(RequestOptions)}: a cheap view whose calls apply these
 * settings, so one can be made for a single call. Options given to a view that already has some are
 * laid over them, setting by setting.
 */
public final class RequestOptions {

    private static final RequestOptions NONE = builder().build();

    private final Duration timeout;
    private final Integer maxRetries;
    private final Map<String, String> headers;
    private final Map<String, String> queryParams;

    private RequestOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.maxRetries = builder.maxRetries;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.queryParams = Collections.unmodifiableMap(new LinkedHashMap<>(builder.queryParams));
    }

    /** No settings: the client's own apply. */
    public static RequestOptions none() {
        return NONE;
    }

    /** A builder with no settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timeout = timeout;
        builder.maxRetries = maxRetries;
        builder.headers.putAll(headers);
        builder.queryParams.putAll(queryParams);
        return builder;
    }

    /**
     * The time limit of one attempt, in place of the client's {@code timeout}; empty means the client's
     * (default 60 s). A long-poll adds its wait to it; for a stream it limits each wait for the next bytes.
     */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Retries after a failed attempt, in place of the client's {@code maxRetries}; empty means the client's. */
    public Optional<Integer> maxRetries() {
        return Optional.ofNullable(maxRetries);
    }

    /**
     * Headers sent with every call, after the SDK's own: one with the name of an SDK header (such as
     * {@code Idempotency-Key}) replaces it. Empty by default.
     */
    public Map<String, String> headers() {
        return headers;
    }

    /** Query parameters added to every call's URL. Empty by default. */
    public Map<String, String> queryParams() {
        return queryParams;
    }

    /** These options with {@code over}'s settings laid over them, setting by setting. */
    public RequestOptions merge(RequestOptions over) {
        Objects.requireNonNull(over, "over");
        if (over == NONE) {
            return this;
        }
        Builder merged = toBuilder();
        over.timeout().ifPresent(merged::timeout);
        over.maxRetries().ifPresent(merged::maxRetries);
        over.headers.forEach(merged::putHeader);
        over.queryParams.forEach(merged::putQueryParam);
        return merged.build();
    }

    @Override
    public String toString() {
        // Header values may be secrets: only their names.
        return "RequestOptions{timeout=" + timeout + ", maxRetries=" + maxRetries + ", headers=" + headers.keySet()
                + ", queryParams=" + queryParams.keySet() + "}";
    }

    /** Builds {@link RequestOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private Integer maxRetries;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> queryParams = new LinkedHashMap<>();

        private Builder() {}

        /** See {@link RequestOptions#timeout()}; must be positive. Default: the client's. */
        public Builder timeout(Duration timeout) {
            this.timeout = Durations.positive("timeout", timeout);
            return this;
        }

        /** See {@link RequestOptions#maxRetries()}; {@code >= 0}. Default: the client's. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries: must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Sends this header with every call; a later value for the same name (any case) replaces it. */
        public Builder putHeader(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank()) {
                throw new IllegalArgumentException("header name: must not be blank");
            }
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** Adds this query parameter to every call's URL; a later value for the same name replaces it. */
        public Builder putQueryParam(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank()) {
                throw new IllegalArgumentException("query parameter name: must not be blank");
            }
            queryParams.put(name, value);
            return this;
        }

        /** The options; the builder stays usable. */
        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
