package dev.jls.emulator.internal.core;

import java.util.List;

/** A worker that could not be started or never became healthy, with the last lines of its log. */
public class WorkerStartException extends RuntimeException {

    private final List<String> logTail;

    public WorkerStartException(String reason, List<String> logTail) {
        this(reason, logTail, null);
    }

    public WorkerStartException(String reason, List<String> logTail, Throwable cause) {
        super(reason, cause);
        this.logTail = List.copyOf(logTail);
    }

    /** The last lines the worker wrote before it failed, oldest first; empty when it never ran. */
    public List<String> logTail() {
        return logTail;
    }
}
