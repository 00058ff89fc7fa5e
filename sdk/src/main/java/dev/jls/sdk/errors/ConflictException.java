package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 409: the resource is in a state that forbids this, e.g. updating a deployment that is not {@code running}, or cancelling a request that already ended.
 */
public class ConflictException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public ConflictException(Map<String, List<String>> headers, String body) {
        super(409, headers, body);
    }
}
