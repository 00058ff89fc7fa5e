package dev.jls.sdk.http;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer whose status and headers arrived and whose body is read as a stream. The caller closes it.
 */
public interface JlsHttpResponse extends AutoCloseable {

    /** The HTTP status, e.g. {@code 200}. */
    int statusCode();

    /** The headers as the server sent them; names are looked up ignoring case. */
    Map<String, List<String>> headers();

    /** The first value of a header, looked up ignoring case. */
    default Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> entry : headers().entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /**
     * The body, read as it arrives; the same stream on every call. A read waits at most the request's
     * read timeout for the next bytes and fails with an {@link java.io.IOException} on a timeout, a
     * broken connection, or after {@link #close()}.
     */
    InputStream body();

    /**
     * Ends the exchange. After the body's end this frees the connection for reuse; before it, it cancels
     * the exchange and drops the connection, so the server sees it go. Thread-safe and idempotent: it may
     * be called while another thread is blocked reading the body, whose read then fails or ends.
     */
    @Override
    void close();

    /**
     * Ends an exchange whose caller has read all it wants from a body that should be at or near its end,
     * such as an event stream after its {@code [DONE]}: what is left of the body (a chunked body's last
     * chunk, which often comes in a write of its own) is read and dropped if it arrives within a short
     * grace (100 ms), so that the connection carries the next exchange; otherwise this is
     * {@link #close()}. Called by the thread that reads the body. The default is {@link #close()}.
     */
    default void finish() {
        close();
    }
}
