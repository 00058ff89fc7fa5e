package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.List;

/**
 * One refused field of a request body.
 *
 * @param field the field's path below the body, dot-separated for nested fields (e.g. {@code min_workers},
 *     {@code args.model})
 * @param message what is wrong with it
 * @param loc the same path as parts, as FastAPI's {@code loc} lists them: a list index as an {@link
 *     Integer}, every other part a {@link String}
 */
public record FieldError(String field, String message, List<Object> loc) {

    public FieldError {
        loc = List.copyOf(loc);
    }

    /** A field whose dot-separated path has no dot within a part; all-digit parts are list indices. */
    public FieldError(String field, String message) {
        this(field, message, parts(field));
    }

    /**
     * The entry {@code key} of the object {@code field}, for keys that may hold anything, dots and
     * digits included (e.g. {@code env.NAME}, {@code args.KEY}): the key stays one part of {@code loc}.
     */
    public static FieldError entry(String field, String key, String message) {
        List<Object> loc = new ArrayList<>(parts(field));
        loc.add(key);
        return new FieldError(field + "." + key, message, loc);
    }

    private static List<Object> parts(String field) {
        List<Object> parts = new ArrayList<>();
        if (field.isEmpty()) {
            return parts;
        }
        for (String part : field.split("\\.")) {
            if (!part.isEmpty() && part.length() < 10 && part.chars().allMatch(Character::isDigit)) {
                parts.add(Integer.parseInt(part));
            } else {
                parts.add(part);
            }
        }
        return parts;
    }
}
