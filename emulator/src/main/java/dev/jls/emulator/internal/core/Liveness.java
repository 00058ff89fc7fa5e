package dev.jls.emulator.internal.core;

import java.util.OptionalLong;

/**
 * What one health check of a running worker found.
 *
 * @param answered whether the engine answered {@code GET /health} with 200 in time
 * @param tokensProcessed the tokens the engine has processed so far (prompt and generated), where it
 *     exports such a counter; a busy engine whose count does not move makes no progress
 */
public record Liveness(boolean answered, OptionalLong tokensProcessed) {

    /** No answer. */
    public static final Liveness SILENT = new Liveness(false, OptionalLong.empty());
}
