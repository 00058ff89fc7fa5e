package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A command the core refused, with the kind of refusal the HTTP layer turns into a status. */
public final class CoreException extends RuntimeException {

    /** The kinds of refusal. */
    public enum Kind {
        /** No such deployment or request for this tenant. */
        NOT_FOUND,
        /** The thing exists but is not in a state that allows the command. */
        CONFLICT,
        /** Fields out of bounds; {@link #fieldErrors()} names them. */
        INVALID,
        /** The deployment's queue is full; {@link #retryAfter()} says when to try again. */
        QUEUE_FULL,
        /** The request's result was dropped after the retention time; {@link #expiredAt()} says when. */
        EXPIRED,
        /** The deployment cannot take requests now (failed or being deleted). */
        UNAVAILABLE,
        /** An idempotency key already used with another body. */
        KEY_REUSED
    }

    private final Kind kind;
    private final List<FieldError> fieldErrors;
    private final Duration retryAfter;
    private final Instant expiredAt;

    private CoreException(
            Kind kind, String message, List<FieldError> fieldErrors, Duration retryAfter, Instant expiredAt) {
        super(message, null, false, false);
        this.kind = kind;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
        this.expiredAt = expiredAt;
    }

    public static CoreException notFound(String message) {
        return new CoreException(Kind.NOT_FOUND, message, List.of(), null, null);
    }

    public static CoreException conflict(String message) {
        return new CoreException(Kind.CONFLICT, message, List.of(), null, null);
    }

    public static CoreException unavailable(String message) {
        return new CoreException(Kind.UNAVAILABLE, message, List.of(), null, null);
    }

    public static CoreException keyReused(String message) {
        return new CoreException(Kind.KEY_REUSED, message, List.of(), null, null);
    }

    public static CoreException invalid(List<FieldError> errors) {
        return new CoreException(
                Kind.INVALID,
                errors.isEmpty()
                        ? "invalid"
                        : errors.get(0).field() + " " + errors.get(0).message(),
                errors,
                null,
                null);
    }

    public static CoreException queueFull(String message, Duration retryAfter) {
        return new CoreException(Kind.QUEUE_FULL, message, List.of(), retryAfter, null);
    }

    public static CoreException expired(String message, Instant expiredAt) {
        return new CoreException(Kind.EXPIRED, message, List.of(), null, expiredAt);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Optional<Instant> expiredAt() {
        return Optional.ofNullable(expiredAt);
    }
}
