package dev.jls.sdk.errors;

import dev.jls.sdk.models.RequestError;
import java.util.Objects;
import java.util.Optional;

/**
 * A submitted request ended {@code Failed}. {@link #error()} says why: its {@code type} is one of
 * {@code engine_error} (the engine refused it; {@code code} is the engine's status),
 * {@code worker_crashed}, {@code worker_unresponsive}, {@code queue_timeout}, {@code request_timeout},
 * {@code deployment_deleted}, {@code worker_start_failed}, {@code emulator_restarted},
 * {@code emulator_reset}.
 */
public class RequestFailedException extends JlsException {

    private final String requestId;
    private final RequestError error;

    /**
     * @param requestId the failed request's id, may be null when unknown
     * @param error the server's error details
     */
    public RequestFailedException(String requestId, RequestError error) {
        super(describe(requestId, error));
        this.requestId = requestId;
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * @param error the server's error details
     */
    public RequestFailedException(RequestError error) {
        this(null, error);
    }

    /**
     * @return the failed request's id, when known
     */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /**
     * @return why the request failed
     */
    public RequestError error() {
        return error;
    }

    private static String describe(String requestId, RequestError error) {
        Objects.requireNonNull(error, "error");
        StringBuilder text = new StringBuilder("request ");
        if (requestId != null) {
            text.append(requestId).append(' ');
        }
        text.append("failed");
        if (!error.type().isEmpty()) {
            text.append(" (").append(error.type());
            error.code().ifPresent(code -> text.append(", code ").append(code.asText()));
            text.append(')');
        }
        return text.append(": ").append(error.message()).toString();
    }
}
