package dev.jls.sdk.errors;

import java.util.Optional;

/**
 * A request being awaited ended {@code Cancelled}: someone cancelled it before it completed.
 */
public class RequestCancelledException extends JlsException {

    private final String requestId;

    /**
     * @param requestId the cancelled request's id, may be null when unknown
     */
    public RequestCancelledException(String requestId) {
        super(requestId == null ? "request was cancelled" : "request " + requestId + " was cancelled");
        this.requestId = requestId;
    }

    /**
     * A cancelled request whose id is not known.
     */
    public RequestCancelledException() {
        this(null);
    }

    /**
     * @return the cancelled request's id, when known
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
