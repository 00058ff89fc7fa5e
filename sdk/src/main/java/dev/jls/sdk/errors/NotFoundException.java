package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 404: no such deployment, request or model (another tenant's ids are 404 too).
 */
public class NotFoundException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public NotFoundException(Map<String, List<String>> headers, String body) {
        super(404, headers, body);
    }
}
