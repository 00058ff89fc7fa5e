package dev.jls.sdk.errors;

import dev.jls.sdk.models.RequestError;
import java.util.Objects;

/**
 * A stream that had begun carried an error event ({@code data: {"error": {...}}}) instead of more
 * chunks. The chunks before it were delivered; {@link #error()} says what went wrong.
 */
public class StreamErrorException extends JlsException {

    private final RequestError error;

    /**
     * @param error the event's {@code error} object
     */
    public StreamErrorException(RequestError error) {
        super("stream failed"
                + (Objects.requireNonNull(error, "error").type().isEmpty() ? "" : " (" + error.type() + ")") + ": "
                + error.message());
        this.error = error;
    }

    /**
     * @return the error the server sent mid-stream
     */
    public RequestError error() {
        return error;
    }
}
