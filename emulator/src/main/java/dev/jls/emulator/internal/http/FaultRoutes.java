package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.Faults;
import dev.jls.emulator.internal.core.FieldError;
import dev.jls.emulator.internal.workers.FaultInjector;
import io.undertow.server.RoutingHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The emulator's own admin routes for faults on demand (not part of the hosted API): {@code GET}, {@code
 * PUT} (replace) and {@code DELETE} (clear) on {@code /_emulator/deployments/{id}/faults} and {@code
 * /_emulator/deployments/{id}/workers/{worker}/faults}. Answered only when the emulator runs with admin
 * routes; otherwise {@code 404} saying how to turn them on. A tenant reaches only its own deployments.
 */
final class FaultRoutes {

    static final String DISABLED = "Not Found: the emulator's admin routes are off; start it with --admin-routes"
            + " (EmulatorOptions.adminRoutes(true); on by default under @JlsEmulatorTest)";

    private static final Set<String> FIELDS =
            Set.of("crash", "hang", "slow", "error_rate", "fail_next_starts", "cold_start_ms");

    /** Setting faults waits on worker processes; never on an IO thread. */
    private static final ExecutorService BLOCKING = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jls-faults");
        t.setDaemon(true);
        return t;
    });

    private FaultRoutes() {}

    /** Adds the routes to {@code routes}. */
    static RoutingHandler addTo(RoutingHandler routes, ServerContext c, Optional<FaultInjector> faults) {
        for (boolean perWorker : new boolean[] {false, true}) {
            String path = perWorker
                    ? "/_emulator/deployments/{id}/workers/{worker}/faults"
                    : "/_emulator/deployments/{id}/faults";
            routes.get(path, new Route(c, faults, Action.GET, perWorker))
                    .put(path, new Route(c, faults, Action.PUT, perWorker))
                    .delete(path, new Route(c, faults, Action.DELETE, perWorker));
        }
        return routes;
    }

    private enum Action {
        GET,
        PUT,
        DELETE
    }

    private static final class Route extends ApiRoute {
        private final Optional<FaultInjector> faults;
        private final Action action;
        private final boolean perWorker;

        Route(ServerContext c, Optional<FaultInjector> faults, Action action, boolean perWorker) {
            super(c, ErrorStyle.FASTAPI, action == Action.PUT);
            this.faults = faults;
            this.action = action;
            this.perWorker = perWorker;
        }

        @Override
        void handle(Call call) {
            if (faults.isEmpty()) {
                Responses.error(call.exchange(), style(), 404, DISABLED);
                return;
            }
            FaultInjector injector = faults.get();
            String id = call.path("id");
            OptionalLong worker = OptionalLong.empty();
            if (perWorker) {
                String w = call.path("worker");
                try {
                    worker = OptionalLong.of(Long.parseLong(w));
                } catch (NumberFormatException e) {
                    Responses.error(
                            call.exchange(), style(), 404, "Worker " + w + " of deployment " + id + " is not running");
                    return;
                }
            }
            Faults wanted = Faults.NONE;
            if (action == Action.PUT) {
                ObjectNode body = Bodies.object(call.exchange(), style(), call.body());
                if (body == null) {
                    return;
                }
                List<FieldError> errors = new ArrayList<>();
                wanted = read(body, errors);
                if (!errors.isEmpty()) {
                    Responses.fieldErrors(call.exchange(), style(), "body", errors);
                    return;
                }
            }
            OptionalLong target = worker;
            Faults given = wanted;
            CompletableFuture<Faults> result = context()
                    .plane()
                    .get(call.tenant(), id)
                    .thenApplyAsync(
                            view -> action == Action.GET
                                    ? injector.get(id, target)
                                    : injector.set(id, view.spec().framework(), target, given),
                            BLOCKING);
            answer(call, result, f -> json(id, target, f));
        }
    }

    static JsonNode json(String deploymentId, OptionalLong worker, Faults f) {
        ObjectNode o = Responses.object().put("deployment_id", deploymentId);
        if (worker.isPresent()) {
            o.put("worker_id", worker.getAsLong());
        }
        ObjectNode faults = o.putObject("faults");
        if (f.crashAfterTokens().isPresent()) {
            faults.putObject("crash").put("after_tokens", f.crashAfterTokens().getAsInt());
        } else {
            faults.putNull("crash");
        }
        faults.put("hang", f.hang());
        f.slow()
                .ifPresentOrElse(
                        s -> faults.putObject("slow")
                                .put("ttft_ms", s.timeToFirstToken().toMillis())
                                .put("tokens_per_second", s.tokensPerSecond()),
                        () -> faults.putNull("slow"));
        f.errorRate()
                .ifPresentOrElse(
                        e -> faults.putObject("error_rate")
                                .put("rate", e.rate())
                                .put("seed", e.seed()),
                        () -> faults.putNull("error_rate"));
        f.failNextStarts()
                .ifPresentOrElse(
                        s -> faults.putObject("fail_next_starts")
                                .put("count", s.count())
                                .put("message", s.message()),
                        () -> faults.putNull("fail_next_starts"));
        f.coldStart()
                .ifPresentOrElse(d -> faults.put("cold_start_ms", d.toMillis()), () -> faults.putNull("cold_start_ms"));
        return o;
    }

    /** The faults of a {@code PUT} body; an absent or null part is no fault. */
    static Faults read(ObjectNode body, List<FieldError> errors) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        name,
                        "Extra inputs are not permitted; known: "
                                + String.join(", ", FIELDS.stream().sorted().toList())));
            }
        }
        OptionalInt crash = OptionalInt.empty();
        JsonNode c = part(body, "crash", errors);
        if (c != null) {
            crash = OptionalInt.of((int) whole(c, "crash", "after_tokens", 0, Integer.MAX_VALUE, 0, errors));
        }
        boolean hang = false;
        JsonNode h = body.get("hang");
        if (h != null && !h.isNull()) {
            if (h.isBoolean()) {
                hang = h.booleanValue();
            } else {
                errors.add(new FieldError("hang", "Input should be a valid boolean"));
            }
        }
        Optional<Faults.Slow> slow = Optional.empty();
        JsonNode s = part(body, "slow", errors);
        if (s != null) {
            long ttft = whole(s, "slow", "ttft_ms", 0, Long.MAX_VALUE, 0, errors);
            double tps = number(s, "slow", "tokens_per_second", 0, Double.MAX_VALUE, 0, errors);
            if (errors.isEmpty()) {
                slow = Optional.of(new Faults.Slow(Duration.ofMillis(ttft), tps));
            }
        }
        Optional<Faults.ErrorRate> errorRate = Optional.empty();
        JsonNode e = part(body, "error_rate", errors);
        if (e != null) {
            double rate = number(e, "error_rate", "rate", 0, 1, Double.NaN, errors);
            long seed = whole(e, "error_rate", "seed", Long.MIN_VALUE, Long.MAX_VALUE, 0, errors);
            if (errors.isEmpty()) {
                errorRate = Optional.of(new Faults.ErrorRate(rate, seed));
            }
        }
        Optional<Faults.FailStarts> failStarts = Optional.empty();
        JsonNode f = part(body, "fail_next_starts", errors);
        if (f != null) {
            long count = whole(f, "fail_next_starts", "count", 1, Integer.MAX_VALUE, -1, errors);
            String message = Faults.DEFAULT_START_FAILURE;
            JsonNode m = f.get("message");
            if (m != null && !m.isNull()) {
                if (m.isTextual() && !m.asText().isBlank()) {
                    message = m.asText();
                } else {
                    errors.add(new FieldError("fail_next_starts.message", "Input should be a non-blank string"));
                }
            }
            if (errors.isEmpty()) {
                failStarts = Optional.of(new Faults.FailStarts((int) count, message));
            }
        }
        Optional<Duration> coldStart = Optional.empty();
        JsonNode cs = body.get("cold_start_ms");
        if (cs != null && !cs.isNull()) {
            if (cs.canConvertToLong() && cs.isIntegralNumber() && cs.asLong() >= 0) {
                coldStart = Optional.of(Duration.ofMillis(cs.asLong()));
            } else {
                errors.add(new FieldError("cold_start_ms", "Input should be a whole number of milliseconds >= 0"));
            }
        }
        return errors.isEmpty() ? new Faults(crash, hang, slow, errorRate, failStarts, coldStart) : Faults.NONE;
    }

    /** The object {@code name}, or null when absent, null or not an object (then an error). */
    private static JsonNode part(ObjectNode body, String name, List<FieldError> errors) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(name, "Input should be an object or null"));
            return null;
        }
        return node;
    }

    /** A whole number field of {@code part}; {@code fallback} when absent, unless that is -1 (required). */
    private static long whole(
            JsonNode part, String where, String field, long min, long max, long fallback, List<FieldError> errors) {
        JsonNode n = part.get(field);
        if (n == null || n.isNull()) {
            if (fallback == -1) {
                errors.add(new FieldError(where + "." + field, "Field required"));
            }
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            errors.add(new FieldError(
                    where + "." + field,
                    "Input should be a whole number" + (min == Long.MIN_VALUE ? "" : " >= " + min)));
            return fallback;
        }
        return n.asLong();
    }

    /** A number field of {@code part}; {@code fallback} when absent, unless that is NaN (required). */
    private static double number(
            JsonNode part,
            String where,
            String field,
            double min,
            double max,
            double fallback,
            List<FieldError> errors) {
        JsonNode n = part.get(field);
        if (n == null || n.isNull()) {
            if (Double.isNaN(fallback)) {
                errors.add(new FieldError(where + "." + field, "Field required"));
            }
            return fallback;
        }
        if (!n.isNumber() || !(n.asDouble() >= min && n.asDouble() <= max)) {
            errors.add(new FieldError(
                    where + "." + field,
                    "Input should be a number " + (max == 1 ? "between 0 and 1" : ">= " + (long) min)));
            return fallback;
        }
        return n.asDouble();
    }
}
