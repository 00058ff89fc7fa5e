package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A submitted request's state, in order {@code Queued} (accepted, in line), {@code Fetched} (taken
 * from the line, waiting for a worker), {@code Processing} (a worker is on it), then one of the final
 * states {@code Completed}, {@code Failed}, {@code Cancelled}. The words are capitalised, as the service
 * writes them.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class RequestState extends OpenEnum {

    /** {@code Queued}. */
    public static final RequestState QUEUED = new RequestState("Queued");

    /** {@code Fetched}. */
    public static final RequestState FETCHED = new RequestState("Fetched");

    /** {@code Processing}. */
    public static final RequestState PROCESSING = new RequestState("Processing");

    /** {@code Completed}. */
    public static final RequestState COMPLETED = new RequestState("Completed");

    /** {@code Failed}. */
    public static final RequestState FAILED = new RequestState("Failed");

    /** {@code Cancelled}. */
    public static final RequestState CANCELLED = new RequestState("Cancelled");

    private static final Map<String, RequestState> KNOWN = Stream.of(
                    QUEUED, FETCHED, PROCESSING, COMPLETED, FAILED, CANCELLED)
            .collect(Collectors.toUnmodifiableMap(RequestState::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code Queued}. */
        QUEUED,
        /** {@code Fetched}. */
        FETCHED,
        /** {@code Processing}. */
        PROCESSING,
        /** {@code Completed}. */
        COMPLETED,
        /** {@code Failed}. */
        FAILED,
        /** {@code Cancelled}. */
        CANCELLED,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private RequestState(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static RequestState of(String value) {
        Objects.requireNonNull(value, "value");
        RequestState known = KNOWN.get(value);
        return known != null ? known : new RequestState(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "Queued" -> Value.QUEUED;
            case "Fetched" -> Value.FETCHED;
            case "Processing" -> Value.PROCESSING;
            case "Completed" -> Value.COMPLETED;
            case "Failed" -> Value.FAILED;
            case "Cancelled" -> Value.CANCELLED;
            default -> Value._UNKNOWN;
        };
    }

    /**
     * @return true when this SDK version knows the word
     */
    public boolean isKnown() {
        return value() != Value._UNKNOWN;
    }

    /**
     * Whether the request has ended; an unknown word is taken as not final.
     *
     * @return true for {@code Completed}, {@code Failed} and {@code Cancelled}
     */
    public boolean isFinal() {
        return equals(COMPLETED) || equals(FAILED) || equals(CANCELLED);
    }
}
