package dev.jls.sdk.http;

import dev.jls.sdk.internal.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the SDK hands it to a {@link JlsHttpClient}: immutable, so that a retry sends
 * exactly the same thing.
 */
public final class JlsHttpRequest {

    private final String method;
    private final URI url;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Duration callTimeout;
    private final Duration readTimeout;

    private JlsHttpRequest(Builder builder) {
        this.method = Objects.requireNonNull(builder.method, "method");
        this.url = Objects.requireNonNull(builder.url, "url");
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body;
        this.callTimeout = builder.callTimeout;
        this.readTimeout = builder.readTimeout;
    }

    /** A builder: method {@code GET}, no headers, no body, no time limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.method = method;
        builder.url = url;
        headers.forEach((name, values) -> builder.headers.put(name, new ArrayList<>(values)));
        builder.body = body;
        builder.callTimeout = callTimeout;
        builder.readTimeout = readTimeout;
        return builder;
    }

    /** The method in upper case, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The absolute http(s) URL, query included. */
    public URI url() {
        return url;
    }

    /**
     * The headers to send; the map compares names ignoring case. The implementation adds what its
     * protocol needs.
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, looked up ignoring case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name))
                .flatMap(values -> values.stream().findFirst());
    }

    /**
     * The body, sent with the {@code Content-Type} header's type; empty for a request without one. The
     * array is shared: do not modify it.
     */
    public Optional<byte[]> body() {
        return Optional.ofNullable(body);
    }

    /**
     * The limit of the whole exchange, from sending to the body's last byte; {@link Duration#ZERO} means
     * none (a stream). Default none.
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * The longest wait for the answer's headers and for each next bytes of the body, and for writing the
     * request; {@link Duration#ZERO} means none (a followed log). Default none.
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public String toString() {
        // Headers stay out: one of them holds the API key.
        return method + " " + url;
    }

    /** Builds a {@link JlsHttpRequest}. Not thread-safe. */
    public static final class Builder {
        private String method = "GET";
        private URI url;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body;
        private Duration callTimeout = Duration.ZERO;
        private Duration readTimeout = Duration.ZERO;

        private Builder() {}

        /** The method, e.g. {@code GET}, {@code POST}; default {@code GET}. */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        /** The absolute http(s) URL. Required. */
        public Builder url(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
                throw new IllegalArgumentException("url: not an absolute http or https URL: " + url);
            }
            this.url = url;
            return this;
        }

        /** Sets a header, replacing its earlier values (names compared ignoring case). */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.remove(name);
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        /** Adds a value to a header, keeping its earlier values. */
        public Builder addHeader(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /** The body; null for none. Default none. The array is not copied. */
        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** See {@link JlsHttpRequest#callTimeout()}; default none. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = Durations.notNegative("callTimeout", callTimeout);
            return this;
        }

        /** See {@link JlsHttpRequest#readTimeout()}; default none. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Durations.notNegative("readTimeout", readTimeout);
            return this;
        }

        /** The request; the builder stays usable. */
        public JlsHttpRequest build() {
            return new JlsHttpRequest(this);
        }
    }
}
