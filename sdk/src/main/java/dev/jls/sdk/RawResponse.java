package dev.jls.sdk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A successful answer as it came, next to its parsed value: the status, the headers (such as
 * {@code X-Request-Status} or {@code Retry-After}) and the body, from a service's
 * {@code withRawResponse()} view. Immutable.
 *
 * <pre>{@code
 * RawResponse<RequestResult> raw = client.requests().withRawResponse().fetch(id, requestId);
 * String state = raw.header("X-Request-Status").orElse("?");
 * RequestResult result = raw.parse();
 * }</pre>
 *
 * <p>An error answer is not a raw response: it is thrown as a
 * {@link dev.jls.sdk.errors.JlsServiceException}, which carries its status, headers and body too.
 *
 * @param <T> the parsed value's type; {@link Void} for calls that answer nothing of use
 */
public final class RawResponse<T> {

    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Function<byte[], T> parser;

    /**
     * @param statusCode the status
     * @param headers the headers, in a map that compares names ignoring case
     * @param body the body's bytes; not copied, not modified
     * @param parser reads the value from the body
     */
    RawResponse(int statusCode, Map<String, List<String>> headers, byte[] body, Function<byte[], T> parser) {
        this.statusCode = statusCode;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The HTTP status, e.g. {@code 200} or {@code 202}. */
    public int statusCode() {
        return statusCode;
    }

    /** The headers as the server sent them; the map compares names ignoring case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, looked up ignoring case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name))
                .flatMap(values -> values.stream().findFirst());
    }

    /** The body as UTF-8 text; empty when the answer had none. */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The value the plain call would have returned, read from the body on each call; {@code null} for a
     * {@code RawResponse<Void>}.
     *
     * @throws dev.jls.sdk.errors.JlsInvalidDataException when the body is not what the call expects
     */
    public T parse() {
        return parser.apply(body);
    }

    @Override
    public String toString() {
        return "RawResponse{statusCode=" + statusCode + ", bytes=" + body.length + "}";
    }
}
