package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 429: too many requests, or the deployment's queue is full. {@link #retryAfter()} says how long
 * the server asked to wait.
 */
public class RateLimitException extends JlsServiceException {

    /**
     * @param headers the answer's headers, normally with {@code Retry-After}; null means none
     * @param body the answer's body as text; null means empty
     */
    public RateLimitException(Map<String, List<String>> headers, String body) {
        super(429, headers, body);
    }
}
