package dev.jls.sdk.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * One API call as the services describe it to the {@link HttpTransport}: immutable, so that each retry
 * sends exactly the same thing.
 */
public final class ApiRequest {

    /** The header that makes a {@code POST} safe to repeat. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final String method;
    private final HttpUrl url;
    private final byte[] jsonBody;
    private final Map<String, String> headers;
    private final Duration extraTime;
    private final boolean unboundedRead;

    private ApiRequest(
            String method,
            HttpUrl url,
            byte[] jsonBody,
            Map<String, String> headers,
            Duration extraTime,
            boolean unboundedRead) {
        this.method = method;
        this.url = Objects.requireNonNull(url, "url");
        this.jsonBody = jsonBody;
        this.headers = headers;
        this.extraTime = extraTime;
        this.unboundedRead = unboundedRead;
    }

    private ApiRequest(String method, HttpUrl url, byte[] jsonBody, Map<String, String> headers, Duration extraTime) {
        this(method, url, jsonBody, headers, extraTime, false);
    }

    public static ApiRequest get(HttpUrl url) {
        return new ApiRequest("GET", url, null, Map.of(), Duration.ZERO);
    }

    public static ApiRequest delete(HttpUrl url) {
        return new ApiRequest("DELETE", url, null, Map.of(), Duration.ZERO);
    }

    public static ApiRequest post(HttpUrl url, byte[] jsonBody) {
        return new ApiRequest("POST", url, Objects.requireNonNull(jsonBody, "body"), Map.of(), Duration.ZERO);
    }

    public static ApiRequest patch(HttpUrl url, byte[] jsonBody) {
        return new ApiRequest("PATCH", url, Objects.requireNonNull(jsonBody, "body"), Map.of(), Duration.ZERO);
    }

    /** A copy that also sends the header {@code name: value}. */
    public ApiRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiRequest(method, url, jsonBody, Map.copyOf(copy), extraTime, unboundedRead);
    }

    /**
     * A copy whose read and call timeouts are longer by {@code extra}: a long-poll lets the server hold
     * the answer that long on purpose.
     */
    public ApiRequest withExtraTime(Duration extra) {
        return new ApiRequest(method, url, jsonBody, headers, extra, unboundedRead);
    }

    /**
     * A copy that waits for the server's next bytes without a time limit: a followed log may be silent
     * for as long as the workers are.
     */
    public ApiRequest withUnboundedRead() {
        return new ApiRequest(method, url, jsonBody, headers, extraTime, true);
    }

    /** A copy sent to another URL, e.g. the same call on another region's host. */
    public ApiRequest withUrl(HttpUrl newUrl) {
        return new ApiRequest(method, newUrl, jsonBody, headers, extraTime, unboundedRead);
    }

    public String method() {
        return method;
    }

    public HttpUrl url() {
        return url;
    }

    /** The JSON body, or null for a request without one. The array is shared: do not modify it. */
    public byte[] jsonBody() {
        return jsonBody;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Duration extraTime() {
        return extraTime;
    }

    public boolean unboundedRead() {
        return unboundedRead;
    }

    public boolean isReplayable() {
        return RetryPolicy.isReplayable(method, headers.containsKey(IDEMPOTENCY_KEY));
    }

    @Override
    public String toString() {
        // The URL without user info; the API key is in a header, never in the URL.
        return method + " " + url.newBuilder().username("").password("").build();
    }
}
