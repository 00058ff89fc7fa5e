package dev.jls.sdk.errors;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem with one field: an entry of FastAPI's {@code {"detail": [{"loc": [...], "msg": ..., "type":
 * ...}]}} or one failed client-side check.
 *
 * @param field the field's path in the body without FastAPI's leading {@code body}/{@code query}/{@code
 *     path}/{@code header} part, dotted, list indexes in brackets: {@code min_workers},
 *     {@code args.model}, {@code messages[0].content}
 * @param message what is wrong with it, e.g. {@code must be between 0 and 100}
 * @param type the machine-readable kind when the server gave one, e.g. {@code value_error}
 * @param location the raw {@code loc} list as strings (for a client-side check, the field's path parts)
 */
public record FieldError(String field, String message, Optional<String> type, List<String> location) {

    /**
     * Checks and copies the components.
     *
     * @param field the field's path
     * @param message what is wrong with it
     * @param type the server's kind of error; null means none
     * @param location the raw {@code loc}; null means the field alone
     */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        type = type == null ? Optional.empty() : type;
        location = location == null ? List.of(field) : List.copyOf(location);
    }

    /**
     * A problem found on the client, with no server type.
     *
     * @param field the field's path, e.g. {@code min_workers}
     * @param message what is wrong with it
     */
    public FieldError(String field, String message) {
        this(field, message, Optional.empty(), List.of(field.split("\\.")));
    }

    /**
     * @return {@code field: message}
     */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
