package dev.jls.emulator.internal.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What went wrong with a {@code Failed} request.
 *
 * @param type why it failed
 * @param message a sentence for people
 * @param code the engine's HTTP status for {@link FailureType#ENGINE_ERROR}, else empty
 */
public record RequestFailure(FailureType type, String message, OptionalInt code) {

    public RequestFailure {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
    }

    public static RequestFailure of(FailureType type, String message) {
        return new RequestFailure(type, message, OptionalInt.empty());
    }
}
