package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A word the server defines, such as a status, kept as its string so that a value this SDK version
 * does not know survives reading and writing. Each subclass has constants for the known words,
 * {@code of(String)}, and {@code value()} mapping to a Java enum whose {@code _UNKNOWN} stands for
 * any other word. Two instances are equal when their strings are equal (case matters).
 */
public abstract class OpenEnum {

    private final String value;

    OpenEnum(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * @return the word exactly as on the wire
     */
    @JsonValue
    public final String asString() {
        return value;
    }

    @Override
    public final boolean equals(Object other) {
        return this == other
                || other != null && other.getClass() == getClass() && value.equals(((OpenEnum) other).value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    /**
     * @return the word exactly as on the wire
     */
    @Override
    public final String toString() {
        return value;
    }
}
