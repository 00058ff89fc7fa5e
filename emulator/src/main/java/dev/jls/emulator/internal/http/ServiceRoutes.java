package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.ClusterMetrics;
import dev.jls.emulator.internal.core.GpuAllocator;
import dev.jls.emulator.internal.core.LatencyHistogram;
import dev.jls.emulator.internal.core.RequestState;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code /healthz} and {@code /metrics}. */
final class ServiceRoutes {

    private ServiceRoutes() {}

    /**
     * {@code GET /healthz}: no key needed, and nothing about tenants. The process id lets a starter tell
     * its own emulator from another server that already holds the port.
     */
    static final class Health implements HttpHandler {
        private final byte[] body;

        Health(String version) {
            try {
                this.body = Responses.JSON.writeValueAsBytes(Responses.object()
                        .put("status", "ok")
                        .put("version", version)
                        .put("pid", ProcessHandle.current().pid()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void handleRequest(HttpServerExchange ex) {
            Responses.bytes(ex, 200, "application/json", body);
        }
    }

    /**
     * {@code GET /metrics}: Prometheus text of the caller's own requests and deployments; only the GPU
     * pool, which every tenant shares, is emulator-wide (another tenant's holding shows as
     * {@code other}, without its ids).
     */
    static final class Metrics extends ApiRoute {
        Metrics(ServerContext c) {
            super(c, ErrorStyle.FASTAPI, false);
        }

        @Override
        void handle(Call call) {
            HttpServerExchange ex = call.exchange();
            context()
                    .plane()
                    .metrics(call.tenant())
                    .thenApply(Metrics::render)
                    .whenCompleteAsync(
                            (text, e) -> {
                                if (e != null) {
                                    Responses.failure(ex, style(), e);
                                } else {
                                    Responses.bytes(
                                            ex,
                                            200,
                                            "text/plain; version=0.0.4; charset=utf-8",
                                            text.getBytes(StandardCharsets.UTF_8));
                                }
                            },
                            ex.getIoThread());
        }

        static String render(ClusterMetrics m) {
            Set<String> ids = m.deployments().stream()
                    .map(ClusterMetrics.DeploymentGauges::deploymentId)
                    .collect(Collectors.toSet());
            StringBuilder sb = new StringBuilder(4096);
            header(sb, "jls_requests_total", "counter", "Requests that reached each state.");
            for (Map.Entry<RequestState, Long> e : m.requestsReached().entrySet()) {
                sb.append("jls_requests_total{state=\"")
                        .append(e.getKey().wire())
                        .append("\"} ")
                        .append(e.getValue())
                        .append('\n');
            }
            header(sb, "jls_requests", "gauge", "Requests now waiting or running, by deployment.");
            for (ClusterMetrics.DeploymentGauges d : m.deployments()) {
                series(sb, "jls_requests", d.deploymentId(), "state", "Queued", d.queued());
                series(sb, "jls_requests", d.deploymentId(), "state", "Fetched", d.fetched());
                series(sb, "jls_requests", d.deploymentId(), "state", "Processing", d.processing());
            }
            header(sb, "jls_queue_depth", "gauge", "Requests waiting for a worker, by deployment.");
            for (ClusterMetrics.DeploymentGauges d : m.deployments()) {
                sb.append("jls_queue_depth{deployment=\"")
                        .append(d.deploymentId())
                        .append("\"} ")
                        .append(d.queued() + d.fetched())
                        .append('\n');
            }
            header(sb, "jls_workers", "gauge", "Workers by status, by deployment.");
            for (ClusterMetrics.DeploymentGauges d : m.deployments()) {
                series(sb, "jls_workers", d.deploymentId(), "status", "healthy", d.healthyWorkers());
                series(sb, "jls_workers", d.deploymentId(), "status", "provisioning", d.provisioningWorkers());
            }
            histogram(
                    sb,
                    "jls_request_duration_seconds",
                    "From acceptance to completion, of completed requests.",
                    m.requestDuration());
            histogram(sb, "jls_queue_wait_seconds", "From acceptance to the first worker.", m.queueWait());
            header(sb, "jls_gpus", "gauge", "GPUs of the pool by type and whether they are held.");
            Map<String, long[]> byType = new TreeMap<>();
            for (GpuAllocator.GpuHolding g : m.gpus()) {
                long[] c = byType.computeIfAbsent(g.gpu().type(), k -> new long[2]);
                c[g.holder().isPresent() ? 1 : 0]++;
            }
            for (Map.Entry<String, long[]> e : byType.entrySet()) {
                sb.append("jls_gpus{type=\"")
                        .append(escape(e.getKey()))
                        .append("\",state=\"free\"} ")
                        .append(e.getValue()[0])
                        .append('\n');
                sb.append("jls_gpus{type=\"")
                        .append(escape(e.getKey()))
                        .append("\",state=\"allocated\"} ")
                        .append(e.getValue()[1])
                        .append('\n');
            }
            header(
                    sb,
                    "jls_gpu",
                    "gauge",
                    "Each GPU of the pool: 1 while a worker holds it. holder is the caller's deployment and"
                            + " worker, \"other\" for another key's, empty when free.");
            for (GpuAllocator.GpuHolding g : m.gpus()) {
                String holder = g.holder()
                        .map(h -> ids.contains(h.substring(0, Math.max(0, h.indexOf('/')))) ? h : "other")
                        .orElse("");
                sb.append("jls_gpu{index=\"")
                        .append(g.gpu().index())
                        .append("\",type=\"")
                        .append(escape(g.gpu().type()))
                        .append("\",name=\"")
                        .append(escape(g.gpu().name()))
                        .append("\",memory_total_mib=\"")
                        .append(g.gpu().memoryTotalMiB())
                        .append("\",holder=\"")
                        .append(escape(holder))
                        .append("\"} ")
                        .append(g.holder().isPresent() ? 1 : 0)
                        .append('\n');
            }
            return sb.toString();
        }

        private static void header(StringBuilder sb, String name, String type, String help) {
            sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        private static void series(StringBuilder sb, String name, String dep, String label, String value, long n) {
            sb.append(name)
                    .append("{deployment=\"")
                    .append(dep)
                    .append("\",")
                    .append(label)
                    .append("=\"")
                    .append(value)
                    .append("\"} ")
                    .append(n)
                    .append('\n');
        }

        private static void histogram(StringBuilder sb, String name, String help, LatencyHistogram h) {
            header(sb, name, "histogram", help);
            long[] cumulative = h.cumulative();
            for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
                sb.append(name)
                        .append("_bucket{le=\"")
                        .append(String.format(Locale.ROOT, "%s", LatencyHistogram.BOUNDS[i]))
                        .append("\"} ")
                        .append(cumulative[i])
                        .append('\n');
            }
            sb.append(name)
                    .append("_bucket{le=\"+Inf\"} ")
                    .append(cumulative[cumulative.length - 1])
                    .append('\n');
            sb.append(name)
                    .append("_sum ")
                    .append(String.format(Locale.ROOT, "%.6f", h.sumSeconds()))
                    .append('\n');
            sb.append(name).append("_count ").append(h.count()).append('\n');
        }

        private static String escape(String s) {
            return s.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }
}
