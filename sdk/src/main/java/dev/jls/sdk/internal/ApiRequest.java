package dev.jls.sdk.internal;

import dev.jls.sdk.RequestOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One API call as the services describe it to the {@link HttpTransport}: immutable, so that each retry
 * sends exactly the same thing.
 */
public final class ApiRequest {

    /** The header that makes a {@code POST} safe to repeat. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final String operation;
    private final String method;
    private final ApiUrl url;
    private final byte[] jsonBody;
    private final Map<String, String> headers;
    private final Duration extraTime;
    private final boolean unboundedRead;
    private final RequestOptions options;

    private ApiRequest(
            String operation,
            String method,
            ApiUrl url,
            byte[] jsonBody,
            Map<String, String> headers,
            Duration extraTime,
            boolean unboundedRead,
            RequestOptions options) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.method = method;
        this.url = Objects.requireNonNull(url, "url");
        this.jsonBody = jsonBody;
        this.headers = headers;
        this.extraTime = extraTime;
        this.unboundedRead = unboundedRead;
        this.options = Objects.requireNonNull(options, "options");
    }

    private static ApiRequest of(String operation, String method, ApiUrl url, byte[] body) {
        return new ApiRequest(operation, method, url, body, Map.of(), Duration.ZERO, false, RequestOptions.none());
    }

    /** @param operation the call's name for logs and metrics, e.g. {@code deployments.retrieve} */
    public static ApiRequest get(String operation, ApiUrl url) {
        return of(operation, "GET", url, null);
    }

    public static ApiRequest delete(String operation, ApiUrl url) {
        return of(operation, "DELETE", url, null);
    }

    public static ApiRequest post(String operation, ApiUrl url, byte[] jsonBody) {
        return of(operation, "POST", url, Objects.requireNonNull(jsonBody, "body"));
    }

    public static ApiRequest patch(String operation, ApiUrl url, byte[] jsonBody) {
        return of(operation, "PATCH", url, Objects.requireNonNull(jsonBody, "body"));
    }

    /** A copy that also sends the header {@code name: value}. */
    public ApiRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiRequest(operation, method, url, jsonBody, Map.copyOf(copy), extraTime, unboundedRead, options);
    }

    /**
     * A copy whose read and call timeouts are longer by {@code extra}: a long-poll lets the server hold
     * the answer that long on purpose.
     */
    public ApiRequest withExtraTime(Duration extra) {
        return new ApiRequest(operation, method, url, jsonBody, headers, extra, unboundedRead, options);
    }

    /**
     * A copy that waits for the server's next bytes without a time limit: a followed log may be silent
     * for as long as the workers are.
     */
    public ApiRequest withUnboundedRead() {
        return new ApiRequest(operation, method, url, jsonBody, headers, extraTime, true, options);
    }

    /** A copy with {@code over} laid over its options. */
    public ApiRequest withOptions(RequestOptions over) {
        return new ApiRequest(operation, method, url, jsonBody, headers, extraTime, unboundedRead, options.merge(over));
    }

    public String operation() {
        return operation;
    }

    public String method() {
        return method;
    }

    public ApiUrl url() {
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

    public RequestOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return method + " " + url;
    }
}
