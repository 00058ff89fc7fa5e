package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.DeploymentUpdate;
import dev.jls.emulator.internal.core.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the bodies of {@code POST /management/create} and {@code PATCH /management/{id}}, naming every
 * field of the wrong type; bounds are the core's to check.
 */
final class SpecReader {

    /** The fields a PATCH may change. */
    private static final Set<String> UPDATABLE =
            Set.of("name", "idle_timeout", "wait_time", "min_workers", "max_workers");

    private static final String CHANGEABLE = "only name, idle_timeout, wait_time, min_workers and max_workers";

    /** Spec fields a PATCH may not change, sorted. */
    private static final Set<String> FIXED = Set.of(
            "args", "concurrent_requests", "env", "framework", "gpus_per_worker", "gpus_to_use", "region", "storage");

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private SpecReader(JsonNode body) {
        this.body = body;
    }

    /** The spec, or the fields that are wrong. */
    static DeploymentSpec spec(ObjectNode body, List<FieldError> errors) {
        SpecReader r = new SpecReader(body);
        Map<String, String> args = r.stringMap("args", true);
        String model = args.get("model");
        String name = r.string("name").orElse(model != null ? model : "");
        DeploymentSpec spec = new DeploymentSpec(
                name,
                r.string("region").orElse(DeploymentSpec.DEFAULT_REGION),
                r.string("framework").orElse(DeploymentSpec.DEFAULT_FRAMEWORK),
                r.gpuTypes(),
                r.integer("gpus_per_worker").orElse(DeploymentSpec.DEFAULT_GPUS_PER_WORKER),
                r.integer("min_workers").orElse(DeploymentSpec.DEFAULT_MIN_WORKERS),
                r.integer("max_workers").orElse(DeploymentSpec.DEFAULT_MAX_WORKERS),
                r.integer("concurrent_requests").orElse(DeploymentSpec.DEFAULT_CONCURRENT_REQUESTS),
                r.integer("idle_timeout").orElse(DeploymentSpec.DEFAULT_IDLE_TIMEOUT),
                r.integer("wait_time").orElse(DeploymentSpec.DEFAULT_WAIT_TIME),
                r.integer("storage").orElse(DeploymentSpec.DEFAULT_STORAGE),
                args,
                r.stringMap("env", false));
        errors.addAll(r.errors);
        return spec;
    }

    static DeploymentUpdate update(ObjectNode body, List<FieldError> errors) {
        SpecReader r = new SpecReader(body);
        body.fieldNames().forEachRemaining(f -> {
            if (FIXED.contains(f)) {
                r.errors.add(new FieldError(f, "cannot be changed; " + CHANGEABLE + " can"));
            } else if (!UPDATABLE.contains(f)) {
                r.errors.add(new FieldError(
                        f,
                        "Extra inputs are not permitted: '" + f + "' is not a field; " + CHANGEABLE
                                + " can be changed"));
            }
        });
        Optional<String> name = r.string("name");
        Optional<Integer> idle = r.integer("idle_timeout");
        Optional<Integer> wait = r.integer("wait_time");
        Optional<Integer> min = r.integer("min_workers");
        Optional<Integer> max = r.integer("max_workers");
        errors.addAll(r.errors);
        return new DeploymentUpdate(name, optional(idle), optional(wait), optional(min), optional(max));
    }

    private static OptionalInt optional(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private Optional<String> string(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(n.asText());
    }

    private Optional<Integer> integer(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            errors.add(new FieldError(field, n.isIntegralNumber() ? "is out of range" : "must be an integer"));
            return Optional.empty();
        }
        return Optional.of(n.intValue());
    }

    private List<String> gpuTypes() {
        JsonNode n = body.get("gpus_to_use");
        if (n == null || n.isNull()) {
            return List.of();
        }
        String where = "gpus_to_use.gpus";
        JsonNode list = n.isObject() ? n.get("gpus") : n;
        if (n.isObject() && (list == null || list.isNull())) {
            return List.of();
        }
        if (!list.isArray()) {
            errors.add(new FieldError(
                    n.isObject() ? where : "gpus_to_use", "must be a list of GPU types, e.g. {\"gpus\": [\"H100\"]}"));
            return List.of();
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            if (!t.isTextual()) {
                errors.add(new FieldError(where + "." + i, "must be a string"));
            } else {
                types.add(t.asText());
            }
        }
        return types;
    }

    /** A map of strings; with {@code scalars}, numbers and booleans are taken as their text. */
    private Map<String, String> stringMap(String field, boolean scalars) {
        JsonNode n = body.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            errors.add(new FieldError(field, "must be an object of strings"));
            return out;
        }
        n.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (v.isTextual() || (scalars && (v.isNumber() || v.isBoolean()))) {
                out.put(e.getKey(), v.asText());
            } else {
                errors.add(FieldError.entry(field, e.getKey(), "must be a string"));
            }
        });
        return out;
    }
}
