package dev.jls.sdk.http;

import java.util.List;
import java.util.Map;

/** What the two responses of this package share: the status and headers that arrived. */
abstract class OpenResponse implements JlsHttpResponse {

    private final int statusCode;
    private final Map<String, List<String>> headers;

    OpenResponse(int statusCode, Map<String, List<String>> headers) {
        this.statusCode = statusCode;
        this.headers = headers;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }

    @Override
    public Map<String, List<String>> headers() {
        return headers;
    }
}
