package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The engine a deployment runs: {@code vllm}, {@code sglang} or {@code ollama}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class Framework extends OpenEnum {

    /** {@code vllm}. */
    public static final Framework VLLM = new Framework("vllm");

    /** {@code sglang}. */
    public static final Framework SGLANG = new Framework("sglang");

    /** {@code ollama}. */
    public static final Framework OLLAMA = new Framework("ollama");

    private static final Map<String, Framework> KNOWN = Stream.of(VLLM, SGLANG, OLLAMA)
            .collect(Collectors.toUnmodifiableMap(Framework::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code vllm}. */
        VLLM,
        /** {@code sglang}. */
        SGLANG,
        /** {@code ollama}. */
        OLLAMA,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private Framework(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static Framework of(String value) {
        Objects.requireNonNull(value, "value");
        Framework known = KNOWN.get(value);
        return known != null ? known : new Framework(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "vllm" -> Value.VLLM;
            case "sglang" -> Value.SGLANG;
            case "ollama" -> Value.OLLAMA;
            default -> Value._UNKNOWN;
        };
    }

    /**
     * @return true when this SDK version knows the word
     */
    public boolean isKnown() {
        return value() != Value._UNKNOWN;
    }
}
