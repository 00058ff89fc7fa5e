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
import java.util.function.ToIntFunction;

/**
 * How values are written in the database: a deployment's spec as JSON with the field names of the HTTP
 * API, states and statuses as their words on the wire, routes and failure types by name, times as
 * nanoseconds since the epoch.
 */
final class Codec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Codec() {}

    /** The spec's numbers, by the names they are stored under, in the order the spec takes them. */
    private static final Map<String, ToIntFunction<DeploymentSpec>> NUMBERS = numbers();

    private static Map<String, ToIntFunction<DeploymentSpec>> numbers() {
        Map<String, ToIntFunction<DeploymentSpec>> m = new LinkedHashMap<>();
        m.put("gpus_per_worker", DeploymentSpec::gpusPerWorker);
        m.put("min_workers", DeploymentSpec::minWorkers);
        m.put("max_workers", DeploymentSpec::maxWorkers);
        m.put("concurrent_requests", DeploymentSpec::concurrentRequests);
        m.put("idle_timeout", DeploymentSpec::idleTimeoutSeconds);
        m.put("wait_time", DeploymentSpec::waitTimeSeconds);
        m.put("storage", DeploymentSpec::storageGb);
        return m;
    }

    static String spec(DeploymentSpec s) {
        ObjectNode o = JSON.createObjectNode()
                .put("name", s.name())
                .put("region", s.region())
                .put("framework", s.framework());
        s.gpuTypes().forEach(o.putArray("gpu_types")::add);
        NUMBERS.forEach((name, number) -> o.put(name, number.applyAsInt(s)));
        s.args().forEach(o.putObject("args")::put);
        s.env().forEach(o.putObject("env")::put);
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
        int[] n = NUMBERS.keySet().stream()
                .mapToInt(name -> o.required(name).asInt())
                .toArray();
        return new DeploymentSpec(
                o.required("name").asText(),
                o.required("region").asText(),
                o.required("framework").asText(),
                gpuTypes,
                n[0],
                n[1],
                n[2],
                n[3],
                n[4],
                n[5],
                n[6],
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
