package dev.jls.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.Documents;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The figures vLLM's serving benchmark reports, computed from the timings of one run. */
final class BenchResult {

    final String target;
    final boolean stream;
    final int concurrency;
    final double requestRate;
    final int successful;
    final int failed;
    final double durationSeconds;
    final long inputTokens;
    final long outputTokens;
    final LatencyStats ttft;
    final LatencyStats tpot;
    final LatencyStats itl;
    final LatencyStats e2el;
    final List<String> errors;

    BenchResult(
            String target,
            boolean stream,
            int concurrency,
            double requestRate,
            List<RequestTiming> timings,
            long durationNanos) {
        this.target = target;
        this.stream = stream;
        this.concurrency = concurrency;
        this.requestRate = requestRate;
        List<RequestTiming> ok = timings.stream().filter(RequestTiming::ok).toList();
        this.successful = ok.size();
        this.failed = timings.size() - ok.size();
        this.durationSeconds = durationNanos / 1e9;
        this.inputTokens = ok.stream().mapToLong(RequestTiming::promptTokens).sum();
        this.outputTokens = ok.stream().mapToLong(RequestTiming::outputTokens).sum();
        this.ttft =
                LatencyStats.ofNanos(ok.stream().map(RequestTiming::ttftNanos).toList());
        List<Long> tpots = new ArrayList<>();
        List<Long> itls = new ArrayList<>();
        for (RequestTiming t : ok) {
            // vLLM's definition: the decode time after the first token, per further token.
            if (t.outputTokens() > 1) {
                tpots.add((t.latencyNanos() - t.ttftNanos()) / (t.outputTokens() - 1));
            }
            itls.addAll(t.interTokenNanos());
        }
        this.tpot = LatencyStats.ofNanos(tpots);
        this.itl = LatencyStats.ofNanos(itls);
        this.e2el = LatencyStats.ofNanos(
                ok.stream().map(RequestTiming::latencyNanos).toList());
        Set<String> distinct = new LinkedHashSet<>();
        timings.stream().filter(t -> !t.ok()).map(RequestTiming::error).forEach(distinct::add);
        this.errors = distinct.stream().limit(5).toList();
    }

    double requestThroughput() {
        return durationSeconds > 0 ? successful / durationSeconds : 0;
    }

    double outputThroughput() {
        return durationSeconds > 0 ? outputTokens / durationSeconds : 0;
    }

    double totalTokenThroughput() {
        return durationSeconds > 0 ? (inputTokens + outputTokens) / durationSeconds : 0;
    }

    ObjectNode toJson() {
        ObjectNode doc = Documents.object();
        doc.put("target", target);
        doc.put("stream", stream);
        doc.put("max_concurrency", concurrency);
        if (Double.isInfinite(requestRate)) {
            doc.put("request_rate", "inf");
        } else {
            doc.put("request_rate", requestRate);
        }
        doc.put("successful_requests", successful);
        doc.put("failed_requests", failed);
        doc.put("duration_s", LatencyStats.round(durationSeconds));
        doc.put("total_input_tokens", inputTokens);
        doc.put("total_output_tokens", outputTokens);
        doc.put("request_throughput", LatencyStats.round(requestThroughput()));
        doc.put("output_throughput", LatencyStats.round(outputThroughput()));
        doc.put("total_token_throughput", LatencyStats.round(totalTokenThroughput()));
        if (stream) {
            doc.set("ttft_ms", ttft.toJson());
            doc.set("tpot_ms", tpot.toJson());
            doc.set("itl_ms", itl.toJson());
        } else {
            // Without streaming the first token arrives with the last: these are not measured.
            doc.putNull("ttft_ms");
            doc.putNull("tpot_ms");
            doc.putNull("itl_ms");
        }
        doc.set("e2el_ms", e2el.toJson());
        ArrayNode errorList = doc.putArray("errors");
        errors.forEach(errorList::add);
        return doc;
    }

    void print(PrintWriter out) {
        String rule = "=".repeat(52);
        out.println(rule);
        out.println(center(" jls bench: serving benchmark ", '='));
        out.println(rule);
        row(out, "Target", target);
        row(out, "Streaming", stream ? "yes" : "no (TTFT, TPOT and ITL need --stream)");
        row(out, "Maximum request concurrency", String.valueOf(concurrency));
        row(out, "Request rate (req/s)", Double.isInfinite(requestRate) ? "inf" : fmt(requestRate));
        row(out, "Successful requests", String.valueOf(successful));
        row(out, "Failed requests", String.valueOf(failed));
        row(out, "Benchmark duration (s)", fmt(durationSeconds));
        row(out, "Total input tokens", String.valueOf(inputTokens));
        row(out, "Total generated tokens", String.valueOf(outputTokens));
        row(out, "Request throughput (req/s)", fmt(requestThroughput()));
        row(out, "Output token throughput (tok/s)", fmt(outputThroughput()));
        row(out, "Total token throughput (tok/s)", fmt(totalTokenThroughput()));
        if (stream) {
            section(out, "Time to First Token", "TTFT", ttft);
            section(out, "Time per Output Token (excl. 1st token)", "TPOT", tpot);
            section(out, "Inter-token Latency", "ITL", itl);
        }
        section(out, "End-to-end Latency", "E2EL", e2el);
        out.println(rule);
        for (String error : errors) {
            out.println("error: " + error);
        }
        out.flush();
    }

    private static void section(PrintWriter out, String title, String name, LatencyStats stats) {
        out.println(center(" " + title + " ", '-'));
        row(out, "Mean " + name + " (ms)", fmt(stats.meanMs()));
        row(out, "Median " + name + " (ms)", fmt(stats.medianMs()));
        row(out, "P99 " + name + " (ms)", fmt(stats.p99Ms()));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(String.format(Locale.ROOT, "%-40s %11s", label + ":", value));
    }

    private static String center(String text, char fill) {
        int width = 52;
        int left = Math.max(0, (width - text.length()) / 2);
        int right = Math.max(0, width - text.length() - left);
        return String.valueOf(fill).repeat(left) + text + String.valueOf(fill).repeat(right);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
