package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Why a choice stopped generating: {@code stop} (a stop string, a stop token or the end of the
 * text), {@code length} (the token limit), {@code tool_calls}, {@code abort}, {@code error}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class FinishReason extends OpenEnum {

    /** {@code stop}. */
    public static final FinishReason STOP = new FinishReason("stop");

    /** {@code length}. */
    public static final FinishReason LENGTH = new FinishReason("length");

    /** {@code tool_calls}. */
    public static final FinishReason TOOL_CALLS = new FinishReason("tool_calls");

    /** {@code abort}. */
    public static final FinishReason ABORT = new FinishReason("abort");

    /** {@code error}. */
    public static final FinishReason ERROR = new FinishReason("error");

    private static final Map<String, FinishReason> KNOWN = Stream.of(STOP, LENGTH, TOOL_CALLS, ABORT, ERROR)
            .collect(Collectors.toUnmodifiableMap(FinishReason::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code stop}. */
        STOP,
        /** {@code length}. */
        LENGTH,
        /** {@code tool_calls}. */
        TOOL_CALLS,
        /** {@code abort}. */
        ABORT,
        /** {@code error}. */
        ERROR,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private FinishReason(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static FinishReason of(String value) {
        Objects.requireNonNull(value, "value");
        FinishReason known = KNOWN.get(value);
        return known != null ? known : new FinishReason(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "stop" -> Value.STOP;
            case "length" -> Value.LENGTH;
            case "tool_calls" -> Value.TOOL_CALLS;
            case "abort" -> Value.ABORT;
            case "error" -> Value.ERROR;
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
