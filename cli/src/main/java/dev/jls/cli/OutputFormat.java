package dev.jls.cli;

/** The {@code -o/--output} choices. */
public enum OutputFormat {
    /** Human-readable: tables and short lines. */
    table,
    /** Exactly one JSON document on standard output, nothing else there. */
    json
}
