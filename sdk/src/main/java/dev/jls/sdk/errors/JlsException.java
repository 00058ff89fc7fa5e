package dev.jls.sdk.errors;

/**
 * The root of every exception the SDK throws. All are unchecked: catch this type to handle any SDK
 * failure, or one of its subclasses for a specific one.
 */
public class JlsException extends RuntimeException {

    /**
     * @param message what went wrong, naming the field or resource involved
     */
    public JlsException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure, may be null
     */
    public JlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
