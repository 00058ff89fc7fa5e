package dev.jls.sdk.errors;

import java.util.List;
import java.util.Map;

/**
 * HTTP 422: the server's validation refused the body. {@link #fieldErrors()} gives FastAPI's
 * {@code detail} entries typed, and the message names each field:
 * {@code HTTP 422: min_workers: must be between 0 and 100}.
 */
public class UnprocessableEntityException extends JlsServiceException {

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     */
    public UnprocessableEntityException(Map<String, List<String>> headers, String body) {
        super(422, headers, body);
    }

    /**
     * @return one entry per refused field, in the server's order; empty when the body was not FastAPI's
     *     list form (e.g. {@code {"detail": "framework sglang has no engine"}})
     */
    public List<FieldError> fieldErrors() {
        return parsedFieldErrors();
    }
}
