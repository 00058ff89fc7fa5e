package dev.jls.emulator.internal.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * How a size option is written: {@code 10MiB}, {@code 512k}, {@code 1g}, or a bare number of bytes.
 * Units are powers of 1024 whichever way they are spelled, as a memory or body limit is meant.
 */
public final class SizeSyntax {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    private SizeSyntax() {}

    /**
     * The number of bytes {@code text} says.
     *
     * @throws IllegalArgumentException naming {@code text} and the accepted forms
     */
    public static long parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit.charAt(0)) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            case 'g' -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    /** Reads an option's value with {@link #parse}. */
    public static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
