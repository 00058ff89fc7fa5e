package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 401: the API key is missing or wrong.
 */
public class UnauthorizedException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public UnauthorizedException(Map<String, List<String>> headers, String body) {
        super(401, headers, body);
    }
}
