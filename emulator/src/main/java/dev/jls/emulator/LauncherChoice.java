package dev.jls.emulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The emulator's {@code --launcher} option: where workers run. */
public enum LauncherChoice {
    /** Each worker a process of this machine (the default). */
    LOCAL,
    /** Each worker a pod of a Kubernetes cluster (docs/kubernetes.md). */
    KUBERNETES;

    /**
     * Reads {@code local} or {@code kubernetes}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static LauncherChoice of(String value) {
        for (LauncherChoice choice : values()) {
            if (choice.asString().equalsIgnoreCase(value.strip())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--launcher '"
                + value
                + "' is not one of "
                + Arrays.stream(values()).map(LauncherChoice::asString).collect(Collectors.joining(", ")));
    }

    /** The option's spelling: {@code local}, {@code kubernetes}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
