package dev.jls.sdk.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the service's timestamps, which come in two forms: with an offset
 * ({@code 2026-06-08T08:38:45.011322+00:00}, {@code ...Z}) and naive ({@code 2026-06-08T08:38:45.011322},
 * Python's {@code datetime.utcnow()}), the latter meaning UTC.
 */
public final class Timestamps {

    private Timestamps() {}

    /**
     * @param text a timestamp in either form; a space in place of {@code T} is accepted
     * @return the moment, naive forms read as UTC; empty when the text is null or neither form
     */
    public static Optional<OffsetDateTime> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.strip();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            return Optional.of(OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                        .atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException notNaive) {
                return Optional.empty();
            }
        }
    }

    /**
     * @param time a moment
     * @return its ISO-8601 form with offset, e.g. {@code 2026-06-08T08:38:45.011322Z}
     */
    public static String format(OffsetDateTime time) {
        return time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
