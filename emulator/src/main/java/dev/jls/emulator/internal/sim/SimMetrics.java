package dev.jls.emulator.internal.sim;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's counters, written as Prometheus text with vLLM's metric names (labelled with {@code
 * model_name} as vLLM labels them) plus the simulated engine's own {@code jls_sim:} metrics, which let
 * tests measure on the worker side how many requests it ran at once.
 */
final class SimMetrics {

    final AtomicLong running = new AtomicLong();
    final AtomicLong waiting = new AtomicLong();
    final AtomicLong maxRunning = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong promptTokens = new AtomicLong();
    final AtomicLong generationTokens = new AtomicLong();
    final AtomicLong finishedStop = new AtomicLong();
    final AtomicLong finishedLength = new AtomicLong();
    final AtomicLong finishedAbort = new AtomicLong();

    private final String modelLabel;

    SimMetrics(String modelName) {
        this.modelLabel = "model_name=\"" + escape(modelName) + "\"";
    }

    /** Marks one more request running, keeping the highest count seen. */
    void startRunning() {
        long now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
    }

    void finished(String finishReason) {
        switch (finishReason) {
            case "stop":
                finishedStop.incrementAndGet();
                break;
            case "length":
                finishedLength.incrementAndGet();
                break;
            default:
                finishedAbort.incrementAndGet();
        }
    }

    String render() {
        StringBuilder text = new StringBuilder(2048);
        gauge(text, "vllm:num_requests_running", "Number of requests in model execution batches.", running);
        gauge(text, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", waiting);
        counter(text, "vllm:prompt_tokens", "Number of prefill tokens processed.", promptTokens);
        counter(text, "vllm:generation_tokens", "Number of generation tokens processed.", generationTokens);
        text.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success counter\n");
        success(text, "stop", finishedStop);
        success(text, "length", finishedLength);
        success(text, "abort", finishedAbort);
        text.append("# HELP jls_sim:max_requests_running The most requests this engine ever ran at once.\n")
                .append("# TYPE jls_sim:max_requests_running gauge\n")
                .append("jls_sim:max_requests_running ")
                .append(maxRunning.get())
                .append(".0\n");
        text.append("# HELP jls_sim:requests_total Completions requests accepted (valid ones).\n")
                .append("# TYPE jls_sim:requests counter\n")
                .append("jls_sim:requests_total ")
                .append(requests.get())
                .append(".0\n");
        text.append("# HELP jls_sim:requests_failed_total Requests failed by an injected fault.\n")
                .append("# TYPE jls_sim:requests_failed counter\n")
                .append("jls_sim:requests_failed_total ")
                .append(failed.get())
                .append(".0\n");
        return text.toString();
    }

    private void gauge(StringBuilder text, String name, String help, AtomicLong value) {
        text.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append('{')
                .append(modelLabel)
                .append("} ")
                .append(value.get())
                .append(".0\n");
    }

    private void counter(StringBuilder text, String base, String help, AtomicLong value) {
        text.append("# HELP ")
                .append(base)
                .append("_total ")
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(base)
                .append(" counter\n")
                .append(base)
                .append("_total{")
                .append(modelLabel)
                .append("} ")
                .append(value.get())
                .append(".0\n");
    }

    private void success(StringBuilder text, String reason, AtomicLong value) {
        text.append("vllm:request_success_total{finished_reason=\"")
                .append(reason)
                .append("\",")
                .append(modelLabel)
                .append("} ")
                .append(value.get())
                .append(".0\n");
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
