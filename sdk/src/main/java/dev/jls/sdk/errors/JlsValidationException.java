package dev.jls.sdk.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A value was refused on the client before anything was sent, e.g. a deployment spec outside the
 * service's bounds. {@link #field()} names the first offending field in its wire spelling
 * ({@code min_workers}); {@link #fieldErrors()} lists every problem found.
 */
public class JlsValidationException extends JlsException {

    private final List<FieldError> fieldErrors;

    /**
     * One problem.
     *
     * @param field the field's wire name, e.g. {@code max_workers}
     * @param message what is wrong, e.g. {@code must be between 0 and 100}
     */
    public JlsValidationException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /**
     * Several problems, reported together.
     *
     * @param fieldErrors the problems, at least one, the first being {@link #field()}
     */
    public JlsValidationException(List<FieldError> fieldErrors) {
        super(describe(fieldErrors));
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /**
     * @return the wire name of the first offending field
     */
    public String field() {
        return fieldErrors.get(0).field();
    }

    /**
     * @return every problem found, in the order the fields were checked; never empty
     */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    private static String describe(List<FieldError> errors) {
        if (errors == null || errors.isEmpty()) {
            throw new IllegalArgumentException("fieldErrors: must not be empty");
        }
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
