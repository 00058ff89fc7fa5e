package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 400: the server refused the request as invalid (for an engine, e.g. {@code max_tokens} beyond the context).
 */
public class BadRequestException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public BadRequestException(Map<String, List<String>> headers, String body) {
        super(400, headers, body);
    }
}
