package dev.jls.emulator.internal.core;

/** Why a request ended {@code Failed}: the {@code error.type} word on the wire. */
public enum FailureType {
    /** The engine refused or failed the request; the code is its HTTP status. */
    ENGINE_ERROR("engine_error"),
    /** Its worker died after part of the answer had reached the client, or on the retry too. */
    WORKER_CRASHED("worker_crashed"),
    /** It waited for a worker longer than the deployment's {@code wait_time}. */
    QUEUE_TIMEOUT("queue_timeout"),
    /** Its deployment was deleted before it finished. */
    DEPLOYMENT_DELETED("deployment_deleted"),
    /** The deployment's workers kept failing to start, so the deployment failed. */
    WORKER_START_FAILED("worker_start_failed"),
    /**
     * Its worker stopped answering its health check, or stopped making progress, for longer than the
     * unresponsive timeout, and was killed: after part of the answer had reached the client, or on the
     * retry too.
     */
    WORKER_UNRESPONSIVE("worker_unresponsive"),
    /** It did not end within the emulator's request timeout, counted from its acceptance. */
    REQUEST_TIMEOUT("request_timeout"),
    /**
     * The emulator stopped (or crashed) while the request was on a worker, and it had already been
     * tried again once before: it is not tried a further time.
     */
    EMULATOR_RESTARTED("emulator_restarted"),
    /**
     * The emulator was reset ({@code JlsEmulator.reset()}, e.g. between two tests) before the request
     * ended.
     */
    EMULATOR_RESET("emulator_reset");

    private final String wire;

    FailureType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
