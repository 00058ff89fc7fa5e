package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A deployment's status: {@code starting}, {@code filesystem_created}, {@code downloading_model},
 * {@code model_downloaded}, {@code running}, {@code failed} (with {@code error_message}), {@code cleaning},
 * {@code deleting}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class DeploymentStatus extends OpenEnum {

    /** {@code starting}. */
    public static final DeploymentStatus STARTING = new DeploymentStatus("starting");

    /** {@code filesystem_created}. */
    public static final DeploymentStatus FILESYSTEM_CREATED = new DeploymentStatus("filesystem_created");

    /** {@code downloading_model}. */
    public static final DeploymentStatus DOWNLOADING_MODEL = new DeploymentStatus("downloading_model");

    /** {@code model_downloaded}. */
    public static final DeploymentStatus MODEL_DOWNLOADED = new DeploymentStatus("model_downloaded");

    /** {@code running}. */
    public static final DeploymentStatus RUNNING = new DeploymentStatus("running");

    /** {@code failed}. */
    public static final DeploymentStatus FAILED = new DeploymentStatus("failed");

    /** {@code cleaning}. */
    public static final DeploymentStatus CLEANING = new DeploymentStatus("cleaning");

    /** {@code deleting}. */
    public static final DeploymentStatus DELETING = new DeploymentStatus("deleting");

    private static final Map<String, DeploymentStatus> KNOWN = Stream.of(
                    STARTING,
                    FILESYSTEM_CREATED,
                    DOWNLOADING_MODEL,
                    MODEL_DOWNLOADED,
                    RUNNING,
                    FAILED,
                    CLEANING,
                    DELETING)
            .collect(Collectors.toUnmodifiableMap(DeploymentStatus::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code starting}. */
        STARTING,
        /** {@code filesystem_created}. */
        FILESYSTEM_CREATED,
        /** {@code downloading_model}. */
        DOWNLOADING_MODEL,
        /** {@code model_downloaded}. */
        MODEL_DOWNLOADED,
        /** {@code running}. */
        RUNNING,
        /** {@code failed}. */
        FAILED,
        /** {@code cleaning}. */
        CLEANING,
        /** {@code deleting}. */
        DELETING,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private DeploymentStatus(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static DeploymentStatus of(String value) {
        Objects.requireNonNull(value, "value");
        DeploymentStatus known = KNOWN.get(value);
        return known != null ? known : new DeploymentStatus(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "starting" -> Value.STARTING;
            case "filesystem_created" -> Value.FILESYSTEM_CREATED;
            case "downloading_model" -> Value.DOWNLOADING_MODEL;
            case "model_downloaded" -> Value.MODEL_DOWNLOADED;
            case "running" -> Value.RUNNING;
            case "failed" -> Value.FAILED;
            case "cleaning" -> Value.CLEANING;
            case "deleting" -> Value.DELETING;
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
     * Whether a client waiting for {@code running} must stop with an error here.
     *
     * @return true for {@code failed}, {@code cleaning} and {@code deleting}
     */
    public boolean isTerminalError() {
        return equals(FAILED) || equals(CLEANING) || equals(DELETING);
    }

    /**
     * @return true for {@code running}: the deployment serves requests
     */
    public boolean isRunning() {
        return equals(RUNNING);
    }
}
