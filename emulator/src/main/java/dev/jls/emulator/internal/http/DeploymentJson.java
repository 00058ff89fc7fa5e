package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentView;
import dev.jls.emulator.internal.core.EnvRules;
import dev.jls.emulator.internal.core.WorkerView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/** The deployment record and summary of API.md, with {@code env} masked. */
final class DeploymentJson {

    private static final DateTimeFormatter NAIVE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private DeploymentJson() {}

    static ObjectNode record(DeploymentView v) {
        DeploymentSpec s = v.spec();
        ObjectNode o = Responses.object();
        o.put("deployment_id", v.id());
        o.put("name", s.name());
        o.put("status", v.status().wire());
        text(o, "error_message", v.errorMessage());
        o.put("region", s.region());
        o.put("framework", s.framework());
        gpus(o, s);
        o.put("gpus_per_worker", s.gpusPerWorker());
        o.put("min_workers", s.minWorkers());
        o.put("max_workers", s.maxWorkers());
        o.put("concurrent_requests", s.concurrentRequests());
        o.put("idle_timeout", s.idleTimeoutSeconds());
        o.put("wait_time", s.waitTimeSeconds());
        o.put("storage", s.storageGb());
        ObjectNode args = o.putObject("args");
        s.args().forEach(args::put);
        ObjectNode env = o.putObject("env");
        for (Map.Entry<String, String> e : s.env().entrySet()) {
            env.put(e.getKey(), mask(e.getValue()));
        }
        text(o, "start_time", v.startTime().map(NAIVE::format));
        text(o, "end_time", v.endTime().map(NAIVE::format));
        o.put("created_at", zoned(v.createdAt()));
        o.put("updated_at", zoned(v.updatedAt()));
        ObjectNode workers = o.putObject("workers");
        workers.put("total", v.workers().size());
        long healthy = v.healthyWorkers();
        workers.put("healthy", healthy);
        workers.put("provisioning", v.workers().size() - healthy);
        ArrayNode list = workers.putArray("list");
        for (WorkerView w : v.workers()) {
            ObjectNode item = list.addObject();
            item.put("worker_id", w.workerId());
            item.put("status", w.status());
            text(item, "last_used", w.lastUsed().map(DeploymentJson::zoned));
            if (w.pid().isPresent()) {
                item.put("pid", w.pid().getAsLong());
            } else {
                item.putNull("pid");
            }
            if (w.port().isPresent()) {
                item.put("port", w.port().getAsInt());
            } else {
                item.putNull("port");
            }
            ArrayNode g = item.putArray("gpus");
            w.gpus().forEach(g::add);
            item.put("in_flight", w.inFlight());
        }
        o.put("queue_depth", v.queueDepth());
        cost(o, v);
        return o;
    }

    static ObjectNode summary(DeploymentView v) {
        DeploymentSpec s = v.spec();
        ObjectNode o = Responses.object();
        o.put("deployment_id", v.id());
        o.put("name", s.name());
        o.put("status", v.status().wire());
        o.put("region", s.region());
        text(o, "start_time", v.startTime().map(NAIVE::format));
        o.put("framework", s.framework());
        o.put("min_workers", s.minWorkers());
        o.put("max_workers", s.maxWorkers());
        gpus(o, s);
        o.put("concurrent_requests", s.concurrentRequests());
        o.put("gpus_per_worker", s.gpusPerWorker());
        text(o, "error_message", v.errorMessage());
        cost(o, v);
        return o;
    }

    /** {@code total_cost}, to a millionth, and its {@code currency}. */
    private static void cost(ObjectNode o, DeploymentView v) {
        o.put(
                "total_cost",
                BigDecimal.valueOf(v.totalCost())
                        .setScale(6, RoundingMode.HALF_UP)
                        .doubleValue());
        o.put("currency", v.currency());
    }

    /** A secret goes in and never comes out: at most its first three characters show. */
    static String mask(String value) {
        return EnvRules.mask(value);
    }

    static String zoned(Instant t) {
        return NAIVE.format(t) + "+00:00";
    }

    private static void gpus(ObjectNode o, DeploymentSpec s) {
        ArrayNode list = o.putObject("gpus_to_use").putArray("gpus");
        s.gpuTypes().forEach(list::add);
    }

    private static void text(ObjectNode o, String field, Optional<String> value) {
        if (value.isPresent()) {
            o.put(field, value.get());
        } else {
            o.putNull(field);
        }
    }
}
