package dev.jls.cli.emulator;

import java.util.Locale;

/** Sizes of files in words: {@code 512 B}, {@code 3.4 KiB}, {@code 12.0 MiB}. */
final class DataSize {

    private DataSize() {}

    static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
