package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 403: the API key may not do this.
 */
public class PermissionDeniedException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public PermissionDeniedException(Map<String, List<String>> headers, String body) {
        super(403, headers, body);
    }
}
