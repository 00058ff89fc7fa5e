package dev.jls.emulator;

import dev.jls.emulator.workers.EngineChoice;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** The command line's readers for durations, sizes and engine choices. */
final class OptionConverters {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private OptionConverters() {}

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}, a bare number of seconds, or ISO-8601 ({@code PT1H}). */
  static Duration duration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 30s, 10m, 1h)");
    }
  }

  /** {@code 10MiB}, {@code 512k}, {@code 1g}, or a bare number of bytes; units are powers of 1024. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
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

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return duration(value);
    }
  }

  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return size(value);
    }
  }

  static final class EngineChoiceConverter implements CommandLine.ITypeConverter<EngineChoice> {
    @Override
    public EngineChoice convert(String value) {
      return EngineChoice.of(value);
    }
  }
}
