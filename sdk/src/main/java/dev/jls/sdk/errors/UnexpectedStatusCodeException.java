package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * An error status with no class of its own (e.g. 405, 408, 415), or a status the call did not expect.
 */
public class UnexpectedStatusCodeException extends JlsServiceException {

    /**
     * @param statusCode the status
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public UnexpectedStatusCodeException(int statusCode, Map<String, List<String>> headers, String body) {
        super(statusCode, headers, body);
    }
}
