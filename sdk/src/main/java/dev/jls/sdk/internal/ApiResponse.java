package dev.jls.sdk.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete answer with a {@code 2xx} status, its body read into memory.
 *
 * @param code    the HTTP status
 * @param headers the answer's headers, names as sent
 * @param body    the body's bytes, empty when it had none; do not modify
 */
public record ApiResponse(int code, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header, looked up ignoring case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                return Optional.of(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
