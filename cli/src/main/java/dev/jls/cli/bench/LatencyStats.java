package dev.jls.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import java.util.Arrays;
import java.util.Collection;

/**
 * Mean, median and 99th percentile of a set of durations, in milliseconds. Percentiles interpolate
 * linearly between the closest ranks, as NumPy's default does, so the numbers compare with vLLM's
 * serving benchmark.
 */
record LatencyStats(int count, double meanMs, double medianMs, double p99Ms) {

    static LatencyStats ofNanos(Collection<Long> nanos) {
        double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        if (ms.length == 0) {
            return new LatencyStats(0, 0, 0, 0);
        }
        return new LatencyStats(
                ms.length, Arrays.stream(ms).average().orElse(0), percentile(ms, 50), percentile(ms, 99));
    }

    /** The q-th percentile of sorted values, linear between closest ranks. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double rank = q / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    ObjectNode toJson() {
        ObjectNode node = Documents.object();
        node.put("count", count);
        node.put("mean", round(meanMs));
        node.put("median", round(medianMs));
        node.put("p99", round(p99Ms));
        return node;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
