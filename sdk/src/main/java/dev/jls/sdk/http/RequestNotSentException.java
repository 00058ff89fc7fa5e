package dev.jls.sdk.http;

import java.io.IOException;

/**
 * An attempt that failed before a connection to the server existed (refused, unknown host, connect
 * timeout): the server cannot have seen the request, so the SDK may send it again whatever its method.
 * A {@link JlsHttpClient} throws this, or completes its future with it, only when it knows; any other
 * {@link IOException} means the server may have seen the request.
 */
public class RequestNotSentException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, e.g. {@code "connection refused"}
     * @param cause the implementation's own exception, or null
     */
    public RequestNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
