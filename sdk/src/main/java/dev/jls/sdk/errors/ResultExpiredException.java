package dev.jls.sdk.errors;

import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP 410: the request finished, but its result was kept for the retention time only and is gone.
 * Submitting it again is the only way to get an answer.
 */
public class ResultExpiredException extends JlsServiceException {

    private static final Pattern EXPIRED_AT = Pattern.compile("expired at (\\S+?)[.,;]?(?:\\s|$)");

    /**
     * @param headers the answer's headers; null means none
     * @param body the answer's body, e.g. {@code {"detail": "result of request req-… expired at 2026-06-08T09:00:00+00:00"}}
     */
    public ResultExpiredException(Map<String, List<String>> headers, String body) {
        super(410, headers, body);
    }

    /**
     * @return when the result expired, read from the message's {@code expired at <ISO time>}; empty when
     *     the server did not say
     */
    public Optional<OffsetDateTime> expiredAt() {
        Matcher matcher = EXPIRED_AT.matcher(errorMessage().orElse(""));
        return matcher.find() ? Timestamps.parse(matcher.group(1)) : Optional.empty();
    }
}
