package dev.jls.sdk.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A complete answer with a {@code 2xx} status, its body read into memory.
 *
 * @param code    the HTTP status
 * @param headers the answer's headers; names compared ignoring case
 * @param body    the body's bytes, empty when it had none; do not modify
 */
public record ApiResponse(int code, Map<String, List<String>> headers, byte[] body) {

    public ApiResponse {
        headers = caseInsensitive(headers);
    }

    /** An unmodifiable copy whose keys are compared ignoring case, as HTTP header names are. */
    public static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return List.copyOf(both);
        }));
        return Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, looked up ignoring case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name))
                .flatMap(values -> values.stream().findFirst());
    }
}
