package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 413: the request body is over the server's limit.
 */
public class PayloadTooLargeException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public PayloadTooLargeException(Map<String, List<String>> headers, String body) {
        super(413, headers, body);
    }
}
