package dev.jls.emulator.internal.workers;

import java.util.OptionalLong;

/**
 * Reads how many tokens an engine has processed from its Prometheus text ({@code GET /metrics}):
 * vLLM's {@code vllm:prompt_tokens_total} and {@code vllm:generation_tokens_total}, summed over
 * their series (one per model). The simulated engine exports the same counters.
 */
final class TokenCounters {

    private static final String[] COUNTERS = {"vllm:prompt_tokens_total", "vllm:generation_tokens_total"};

    private TokenCounters() {}

    /** The sum of the counters, or empty when the text has none of them. */
    static OptionalLong tokensProcessed(String text) {
        double sum = 0;
        boolean found = false;
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            if (text.charAt(at) != '#') {
                for (String counter : COUNTERS) {
                    if (text.startsWith(counter, at)) {
                        double value = sampleValue(text, at + counter.length(), end);
                        if (!Double.isNaN(value)) {
                            sum += value;
                            found = true;
                        }
                    }
                }
            }
            at = end + 1;
        }
        return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
    }

    /** The value of the sample whose name ends at {@code from}; NaN when the line is another metric. */
    private static double sampleValue(String text, int from, int end) {
        int i = from;
        if (i < end && text.charAt(i) == '{') {
            int close = text.indexOf('}', i);
            if (close < 0 || close > end) {
                return Double.NaN;
            }
            i = close + 1;
        } else if (i >= end || text.charAt(i) != ' ') {
            return Double.NaN; // a longer name, e.g. vllm:generation_tokens_total_created
        }
        String rest = text.substring(i, end).trim();
        int space = rest.indexOf(' ');
        try {
            return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
