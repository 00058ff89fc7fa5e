package dev.jls.emulator.internal.core;

/** The statuses a deployment of the emulator passes through (a subset of the hosted service's). */
public enum DeploymentStatus {
    STARTING("starting"),
    /** A worker of an engine that reports model loading (vLLM) is loading its model. */
    DOWNLOADING_MODEL("downloading_model"),
    /** That worker has its model loaded and is finishing its start. */
    MODEL_DOWNLOADED("model_downloaded"),
    RUNNING("running"),
    FAILED("failed"),
    DELETING("deleting");

    private final String wire;

    DeploymentStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether the deployment has not been running yet: {@code starting} or one of the loading steps. */
    boolean beforeRunning() {
        return this == STARTING || this == DOWNLOADING_MODEL || this == MODEL_DOWNLOADED;
    }
}
