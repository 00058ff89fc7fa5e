package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment's status: {@code starting}, {@code filesystem_created}, {@code downloading_model},
 * {@code model_downloaded}, {@code running}, {@code failed} (with {@code error_message}), {@code cleaning},
 * {@code deleting}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class DeploymentStatus extends OpenEnum {

    // filled by the constants below as they are made, so that each known word is listed once
    private static final Map<String, DeploymentStatus> KNOWN = new HashMap<>();

    /** {@code starting}. */
    public static final DeploymentStatus STARTING = known("starting", Value.STARTING);

    /** {@code filesystem_created}. */
    public static final DeploymentStatus FILESYSTEM_CREATED = known("filesystem_created", Value.FILESYSTEM_CREATED);

    /** {@code downloading_model}. */
    public static final DeploymentStatus DOWNLOADING_MODEL = known("downloading_model", Value.DOWNLOADING_MODEL);

    /** {@code model_downloaded}. */
    public static final DeploymentStatus MODEL_DOWNLOADED = known("model_downloaded", Value.MODEL_DOWNLOADED);

    /** {@code running}. */
    public static final DeploymentStatus RUNNING = known("running", Value.RUNNING);

    /** {@code failed}. */
    public static final DeploymentStatus FAILED = known("failed", Value.FAILED);

    /** {@code cleaning}. */
    public static final DeploymentStatus CLEANING = known("cleaning", Value.CLEANING);

    /** {@code deleting}. */
    public static final DeploymentStatus DELETING = known("deleting", Value.DELETING);

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

    private final Value known;

    private DeploymentStatus(String value, Value known) {
        super(value);
        this.known = known;
    }

    private static DeploymentStatus known(String word, Value value) {
        DeploymentStatus status = new DeploymentStatus(word, value);
        KNOWN.put(word, status);
        return status;
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static DeploymentStatus of(String value) {
        Objects.requireNonNull(value, "value");
        DeploymentStatus known = KNOWN.get(value);
        return known != null ? known : new DeploymentStatus(value, Value._UNKNOWN);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return known;
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
