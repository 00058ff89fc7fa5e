package dev.jls.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link HttpLogger} receives, already redacted. Each event names the call's operation (e.g.
 * {@code requests.fetch}) and the attempt (1 for the first, 2 for the first retry, ...).
 */
public sealed interface HttpLogEvent {

    /** The call, e.g. {@code deployments.create} or {@code openai.createChatCompletion}. */
    String operation();

    /** The attempt of the call, from 1. */
    int attempt();

    /** The method, e.g. {@code POST}. */
    String method();

    /** The URL, query included. */
    String url();

    /**
     * A request about to be sent.
     *
     * @param headers the headers, credentials redacted; names compared ignoring case
     * @param body the body as text, redacted and cut at 16 KiB; empty when it has none
     */
    record Request(
            String operation,
            int attempt,
            String method,
            String url,
            Map<String, List<String>> headers,
            Optional<String> body)
            implements HttpLogEvent {

        @Override
        public String toString() {
            return "--> " + method + " " + url + " (" + operation + ", attempt " + attempt + ")" + text(headers, body);
        }
    }

    /**
     * An answer.
     *
     * @param statusCode its status
     * @param headers its headers, credentials redacted; names compared ignoring case
     * @param body its body as text, redacted and cut at 16 KiB; empty for a stream or an empty body
     * @param duration from sending to the body's end (to the headers, for a stream)
     */
    record Response(
            String operation,
            int attempt,
            String method,
            String url,
            int statusCode,
            Map<String, List<String>> headers,
            Optional<String> body,
            Duration duration)
            implements HttpLogEvent {

        @Override
        public String toString() {
            return "<-- " + statusCode + " " + method + " " + url + " (" + operation + ", attempt " + attempt + ", "
                    + duration.toMillis() + " ms)" + text(headers, body);
        }
    }

    /**
     * An attempt that got no answer: the connection failed, broke or timed out.
     *
     * @param error the failure's type and message
     * @param duration from sending to the failure
     */
    record Failure(String operation, int attempt, String method, String url, String error, Duration duration)
            implements HttpLogEvent {

        @Override
        public String toString() {
            return "<-- failed " + method + " " + url + " (" + operation + ", attempt " + attempt + ", "
                    + duration.toMillis() + " ms): " + error;
        }
    }

    private static String text(Map<String, List<String>> headers, Optional<String> body) {
        StringBuilder text = new StringBuilder();
        headers.forEach((name, values) -> values.forEach(
                value -> text.append('\n').append(name).append(": ").append(value)));
        body.ifPresent(b -> text.append("\n\n").append(b));
        return text.toString();
    }
}
