package dev.jls.sdk;

import java.util.function.Consumer;

/**
 * Receives each HTTP attempt the client makes, for debugging: the request before it is sent, then its
 * answer or its failure. Set with {@link JlsClient.Builder#httpLogger}; default none.
 *
 * <p>What it receives is redacted: the {@code Authorization} header (and any header that carries a
 * credential, such as {@code Cookie}) reads {@code <redacted>}, the API key is cut from any text, and
 * the values of a deployment spec's {@code env} read {@code ****}. Bodies are given up to 16 KiB; a
 * stream's body is not read for the log.
 *
 * <p>Called on the thread that makes the attempt (the caller's, or an HTTP thread for asynchronous
 * calls), so it should be quick; an exception it throws is ignored.
 *
 * <pre>{@code
 * JlsClient client = JlsClient.builder()
 *         .fromEnv()
 *         .httpLogger(HttpLogger.to(System.err::println))
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface HttpLogger {

    /** One event: a {@link HttpLogEvent.Request}, {@link HttpLogEvent.Response} or {@link HttpLogEvent.Failure}. */
    void log(HttpLogEvent event);

    /** A logger that writes each event's text (its {@code toString()}) to {@code lines}. */
    static HttpLogger to(Consumer<String> lines) {
        return event -> lines.accept(event.toString());
    }
}
