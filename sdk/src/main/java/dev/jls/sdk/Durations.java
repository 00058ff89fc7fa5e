package dev.jls.sdk;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the option builders. */
final class Durations {

    private Durations() {}

    static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + value);
        }
        return value;
    }

    static Duration notNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + value);
        }
        return value;
    }
}
