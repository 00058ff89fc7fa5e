package dev.jls.sdk.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks of durations, shared by the builders of the SDK's packages. */
public final class Durations {

    private Durations() {}

    public static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + value);
        }
        return value;
    }

    public static Duration notNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + value);
        }
        return value;
    }
}
