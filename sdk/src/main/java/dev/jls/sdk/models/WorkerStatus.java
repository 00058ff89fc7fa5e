package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A worker's status: {@code provisioning} (starting, or waiting for free GPUs) or {@code healthy}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class WorkerStatus extends OpenEnum {

    /** {@code provisioning}. */
    public static final WorkerStatus PROVISIONING = new WorkerStatus("provisioning");

    /** {@code healthy}. */
    public static final WorkerStatus HEALTHY = new WorkerStatus("healthy");

    private static final Map<String, WorkerStatus> KNOWN = Stream.of(PROVISIONING, HEALTHY)
            .collect(Collectors.toUnmodifiableMap(WorkerStatus::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code provisioning}. */
        PROVISIONING,
        /** {@code healthy}. */
        HEALTHY,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private WorkerStatus(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static WorkerStatus of(String value) {
        Objects.requireNonNull(value, "value");
        WorkerStatus known = KNOWN.get(value);
        return known != null ? known : new WorkerStatus(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "provisioning" -> Value.PROVISIONING;
            case "healthy" -> Value.HEALTHY;
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
