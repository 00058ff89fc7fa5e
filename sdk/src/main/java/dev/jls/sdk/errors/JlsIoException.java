package dev.jls.sdk.errors;

/**
 * The server could not be reached or the connection failed before a complete answer arrived
 * (refused, reset, timed out, cut mid-body). The request may or may not have reached the server.
 */
public class JlsIoException extends JlsException {

    /**
     * @param message what failed, e.g. the method and URL
     * @param cause the underlying I/O failure
     */
    public JlsIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
