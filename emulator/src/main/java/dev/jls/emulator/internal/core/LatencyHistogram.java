package dev.jls.emulator.internal.core;

import java.time.Duration;
import java.util.Arrays;

/** Counts of durations by upper bound, as Prometheus histograms carry them. Not thread-safe. */
public final class LatencyHistogram {

    /** Bucket upper bounds in seconds; a last, unbounded bucket follows. */
    public static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};

    private final long[] counts = new long[BOUNDS.length + 1];
    private double sumSeconds;
    private long count;

    void record(Duration d) {
        double s = d.toNanos() / 1e9;
        int i = 0;
        while (i < BOUNDS.length && s > BOUNDS[i]) {
            i++;
        }
        counts[i]++;
        sumSeconds += s;
        count++;
    }

    /** Cumulative counts per bound of {@link #BOUNDS}, then the total. */
    public long[] cumulative() {
        long[] c = new long[counts.length];
        long run = 0;
        for (int i = 0; i < counts.length; i++) {
            run += counts[i];
            c[i] = run;
        }
        return c;
    }

    public double sumSeconds() {
        return sumSeconds;
    }

    public long count() {
        return count;
    }

    LatencyHistogram copy() {
        LatencyHistogram h = new LatencyHistogram();
        System.arraycopy(counts, 0, h.counts, 0, counts.length);
        h.sumSeconds = sumSeconds;
        h.count = count;
        return h;
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(cumulative());
    }
}
