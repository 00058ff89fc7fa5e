package dev.jls.sdk.errors;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The server answered with an error status. Carries the status, the headers and the raw body, and a
 * readable message parsed from the body: FastAPI's {@code {"detail": "..."}} or
 * {@code {"detail": [{"loc": ["body", "min_workers"], "msg": "..."}]}} (the message names the field),
 * OpenAI's {@code {"error": {"message", "type", "param", "code"}}}; an empty, HTML or plain-text body
 * gives {@code HTTP 502 with a non-JSON body: <its first 200 characters>}.
 *
 * <p>{@link #of(int, Map, String)} holds the one table from status to subclass:
 *
 * <table>
 * <caption>HTTP status to exception</caption>
 * <tr><th>status</th><th>exception</th></tr>
 * <tr><td>400</td><td>{@link BadRequestException}</td></tr>
 * <tr><td>401</td><td>{@link UnauthorizedException}</td></tr>
 * <tr><td>403</td><td>{@link PermissionDeniedException}</td></tr>
 * <tr><td>404</td><td>{@link NotFoundException}</td></tr>
 * <tr><td>409</td><td>{@link ConflictException}</td></tr>
 * <tr><td>410</td><td>{@link ResultExpiredException}</td></tr>
 * <tr><td>413</td><td>{@link PayloadTooLargeException}</td></tr>
 * <tr><td>422</td><td>{@link UnprocessableEntityException}</td></tr>
 * <tr><td>429</td><td>{@link RateLimitException}</td></tr>
 * <tr><td>500-599</td><td>{@link InternalServerException}</td></tr>
 * <tr><td>any other</td><td>{@link UnexpectedStatusCodeException}</td></tr>
 * </table>
 */
public abstract class JlsServiceException extends JlsException {

    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final String body;
    private final ErrorBody parsed;

    /**
     * @param statusCode the HTTP status
     * @param headers the answer's headers (names compared ignoring case); null means none
     * @param body the answer's body as text; null means empty
     */
    protected JlsServiceException(int statusCode, Map<String, List<String>> headers, String body) {
        this(statusCode, headers, body, ErrorBody.parse(statusCode, body), null);
    }

    /**
     * For a subclass that adds what the client knew to the server's words: the message is the answer's,
     * then {@code (note)}.
     *
     * @param statusCode the HTTP status
     * @param headers the answer's headers (names compared ignoring case); null means none
     * @param body the answer's body as text; null means empty
     * @param note what the client adds, e.g. the state it read before the call
     */
    protected JlsServiceException(int statusCode, Map<String, List<String>> headers, String body, String note) {
        this(statusCode, headers, body, ErrorBody.parse(statusCode, body), note);
    }

    private JlsServiceException(
            int statusCode, Map<String, List<String>> headers, String body, ErrorBody parsed, String note) {
        super(note == null ? parsed.description() : parsed.description() + " (" + note + ")");
        this.statusCode = statusCode;
        this.headers = copyHeaders(headers);
        this.body = body == null ? "" : body;
        this.parsed = parsed;
    }

    /**
     * The exception for an error answer: the one table from HTTP status to exception class (see the
     * class comment).
     *
     * @param statusCode the HTTP status
     * @param headers the answer's headers; null means none
     * @param body the answer's body as text; null means empty
     * @return the matching subclass, never null
     */
    public static JlsServiceException of(int statusCode, Map<String, List<String>> headers, String body) {
        return switch (statusCode) {
            case 400 -> new BadRequestException(headers, body);
            case 401 -> new UnauthorizedException(headers, body);
            case 403 -> new PermissionDeniedException(headers, body);
            case 404 -> new NotFoundException(headers, body);
            case 409 -> new ConflictException(headers, body);
            case 410 -> new ResultExpiredException(headers, body);
            case 413 -> new PayloadTooLargeException(headers, body);
            case 422 -> new UnprocessableEntityException(headers, body);
            case 429 -> new RateLimitException(headers, body);
            default ->
                statusCode >= 500 && statusCode <= 599
                        ? new InternalServerException(statusCode, headers, body)
                        : new UnexpectedStatusCodeException(statusCode, headers, body);
        };
    }

    /**
     * @return the HTTP status code
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * @return the answer's headers, unmodifiable, looked up ignoring the case of names
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * @param name a header name, any case
     * @return the header's first value, if the answer had it
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * @return the raw body as text; empty when there was none
     */
    public String body() {
        return body;
    }

    /**
     * @return the body as JSON, when it was JSON
     */
    public Optional<JsonNode> bodyJson() {
        return parsed.json().map(JsonNode::deepCopy);
    }

    /**
     * The server's own words, without the {@code HTTP <status>} prefix of {@link #getMessage()}:
     * FastAPI's {@code detail} (entries joined as {@code field: msg; ...}), OpenAI's {@code error.message}.
     *
     * @return the parsed message; empty for a body that was empty, not JSON, or of an unknown shape
     */
    public Optional<String> errorMessage() {
        return parsed.message();
    }

    /**
     * @return OpenAI's {@code error.type}, e.g. {@code NotFoundError}, when the body had it
     */
    public Optional<String> errorType() {
        return parsed.type();
    }

    /**
     * @return OpenAI's {@code error.param}, e.g. {@code model}, when the body had it
     */
    public Optional<String> errorParam() {
        return parsed.param();
    }

    /**
     * @return OpenAI's {@code error.code} (a number or a string), when the body had it
     */
    public Optional<JsonNode> errorCode() {
        return parsed.code().map(JsonNode::deepCopy);
    }

    /**
     * How long the server asked the client to wait, from {@code Retry-After} (seconds or an HTTP-date,
     * measured against the system clock). Sent with 429 and sometimes with 503.
     *
     * @return the wait, never negative; empty when the header is absent or unreadable
     */
    public Optional<Duration> retryAfter() {
        return retryAfter(Clock.systemUTC());
    }

    /**
     * Like {@link #retryAfter()}, an HTTP-date measured against the given clock.
     *
     * @param clock the clock giving "now"
     * @return the wait, never negative; empty when the header is absent or unreadable
     */
    public Optional<Duration> retryAfter(Clock clock) {
        return header("Retry-After").flatMap(value -> parseRetryAfter(value, clock.instant()));
    }

    /**
     * Reads a {@code Retry-After} value: delay seconds ({@code 120}, fractions accepted) or an HTTP-date
     * ({@code Wed, 21 Oct 2026 07:28:00 GMT}).
     *
     * @param value the header value
     * @param now the moment an HTTP-date is measured from
     * @return the wait, zero for a date in the past; empty when the value is neither form
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.max(0L, Math.round(seconds * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    List<FieldError> parsedFieldErrors() {
        return parsed.fieldErrors();
    }

    private static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null) {
                    copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values == null ? List.of() : values);
                }
            });
            copy.replaceAll((name, values) -> List.copyOf(values));
        }
        return Collections.unmodifiableMap(copy);
    }
}
