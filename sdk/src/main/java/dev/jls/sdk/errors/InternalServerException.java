package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 500-599: the server or a proxy in front of it failed (502, 503 and 504 included; a 503 from an
 * OpenAI route can mean the request waited longer than the deployment's {@code wait_time}).
 */
public class InternalServerException extends JlsServiceException {

    /**
     * @param statusCode the status, 500 to 599
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public InternalServerException(int statusCode, Map<String, List<String>> headers, String body) {
        super(statusCode, headers, body);
    }
}
