package dev.jls.emulator.internal.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * How every duration option of {@code jls} and of the emulator is written: a number with a unit,
 * {@code 500ms}, {@code 30s}, {@code 1.5m}, {@code 10m}, {@code 1h}, {@code 2d}; a bare number of
 * seconds ({@code 90}); or ISO-8601 ({@code PT1H}). One syntax, so that what works for one option
 * works for all.
 */
public final class DurationSyntax {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private DurationSyntax() {}

    /**
     * The duration {@code text} says.
     *
     * @throws IllegalArgumentException naming {@code text} and the accepted forms
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> 1_000_000_000L;
            };
            try {
                BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit));
                return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
            } catch (ArithmeticException tooLong) {
                throw notADuration(text);
            }
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw notADuration(text);
        }
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(
                "'" + text + "' is not a duration; write e.g. 90 (seconds)," + " 500ms, 30s, 1.5m, 1h, 2d or PT1H");
    }

    /** Reads an option's value with {@link #parse}. */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@link Converter} for options where zero means nothing useful: a timeout, a grace. */
    public static final class PositiveConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = new Converter().convert(value);
            if (d.isNegative() || d.isZero()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
            }
            return d;
        }
    }
}
