package dev.jls.emulator.internal.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentStatus;
import dev.jls.emulator.internal.core.EngineRoute;
import dev.jls.emulator.internal.core.FailureType;
import dev.jls.emulator.internal.core.RequestState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How values are written in the database: a deployment's spec as JSON with the field names of the HTTP
 * API, states and statuses as their words on the wire, routes and failure types by name, times as
 * nanoseconds since the epoch.
 */
final class Codec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {}

    static String spec(DeploymentSpec s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", s.name());
        o.put("region", s.region());
        o.put("framework", s.framework());
        s.gpuTypes().forEach(o.putArray("gpu_types")::add);
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
        s.env().forEach(env::put);
        return o.toString();
    }

    static DeploymentSpec spec(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> gpuTypes = new ArrayList<>();
        o.required("gpu_types").forEach(g -> gpuTypes.add(g.asText()));
        return new DeploymentSpec(
                o.required("name").asText(),
                o.required("region").asText(),
                o.required("framework").asText(),
                gpuTypes,
                o.required("gpus_per_worker").asInt(),
                o.required("min_workers").asInt(),
                o.required("max_workers").asInt(),
                o.required("concurrent_requests").asInt(),
                o.required("idle_timeout").asInt(),
                o.required("wait_time").asInt(),
                o.required("storage").asInt(),
                strings(o.required("args")),
                strings(o.required("env")));
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A time as stored: nanoseconds since the epoch (good until the year 2262). */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static DeploymentStatus status(String wire) {
        for (DeploymentStatus s : DeploymentStatus.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown deployment status '" + wire + "'");
    }

    static RequestState state(String wire) {
        for (RequestState s : RequestState.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown request state '" + wire + "'");
    }

    static EngineRoute route(String name) {
        return EngineRoute.valueOf(name);
    }

    static FailureType failureType(String wire) {
        for (FailureType t : FailureType.values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown failure type '" + wire + "'");
    }
}
