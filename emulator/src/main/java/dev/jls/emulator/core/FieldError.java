package dev.jls.emulator.core;

/**
 * One refused field of a request body.
 *
 * @param field the field's path below the body, dot-separated for nested fields (e.g. {@code min_workers},
 *     {@code args.model})
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
