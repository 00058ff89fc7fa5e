package dev.jls.cli.bench;

import java.util.List;

/**
 * What one benchmark request measured, in nanoseconds.
 *
 * @param ok whether it completed
 * @param error why it failed, when it did
 * @param promptTokens prompt tokens as the server counted them (0 when unknown)
 * @param outputTokens generated tokens: the server's count, else the streamed chunks with text
 * @param ttftNanos time to the first token with text (streaming only; else the whole latency)
 * @param latencyNanos time from sending to the last byte
 * @param interTokenNanos gaps between consecutive chunks with text (streaming only)
 */
record RequestTiming(
        boolean ok,
        String error,
        int promptTokens,
        int outputTokens,
        long ttftNanos,
        long latencyNanos,
        List<Long> interTokenNanos) {

    static RequestTiming failed(String error, long latencyNanos) {
        return new RequestTiming(false, error, 0, 0, 0, latencyNanos, List.of());
    }
}
