package dev.jls.sdk.errors;

/**
 * A body, an event or a value did not have the expected JSON shape: malformed JSON, a known field
 * with the wrong type, or a required field missing. The message names the field and quotes the start
 * of the offending input.
 */
public class JlsInvalidDataException extends JlsException {

    /**
     * @param message what was wrong, naming the field
     */
    public JlsInvalidDataException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong
     * @param cause the parser's failure
     */
    public JlsInvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
