package dev.jls.emulator.internal.core;

/**
 * The states of an accepted request, in the order they are reached. A request only ever moves to a
 * later state; it may skip one (a request that finds a free slot at once goes from {@code Queued}
 * straight to {@code Processing}).
 */
public enum RequestState {
    /** Accepted and in line. */
    QUEUED("Queued"),
    /** Taken from the line for a worker that is still starting. */
    FETCHED("Fetched"),
    /** On a worker (or about to be retried on another after its worker died). */
    PROCESSING("Processing"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String wire;

    RequestState(String wire) {
        this.wire = wire;
    }

    /** The word on the wire, e.g. {@code Processing}. */
    public String wire() {
        return wire;
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether a request may move from this state to {@code next}. */
    public boolean mayMoveTo(RequestState next) {
        return !isFinal() && next.ordinal() > ordinal();
    }
}
