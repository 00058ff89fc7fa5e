package dev.jls.emulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The emulator's {@code --engine} option: which engine serves {@code framework: vllm}. */
public enum EngineChoice {
    /** vLLM where real GPUs and a vllm executable are found, else the simulated engine (the default). */
    AUTO,
    /** Always the simulated engine. */
    SIM,
    /** Always vLLM. */
    VLLM;

    /**
     * Reads {@code auto}, {@code sim} or {@code vllm}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static EngineChoice of(String value) {
        for (EngineChoice choice : values()) {
            if (choice.asString().equalsIgnoreCase(value.strip())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--engine '"
                + value
                + "' is not one of "
                + Arrays.stream(values()).map(EngineChoice::asString).collect(Collectors.joining(", ")));
    }

    /** The option's spelling: {@code auto}, {@code sim}, {@code vllm}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
