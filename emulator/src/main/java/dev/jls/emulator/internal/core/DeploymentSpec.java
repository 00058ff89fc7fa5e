package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a deployment is asked to be: the body of {@code POST /management/create} after parsing. Bounds
 * are checked by {@link #validate(Set)}, not by the constructor, so that every bad field can be named at
 * once.
 *
 * @param name the deployment's name
 * @param region the region word ({@code india-noida-01} by default)
 * @param framework {@code vllm}, {@code sglang} or {@code ollama}
 * @param gpuTypes the GPU types a worker may run on ({@code gpus_to_use.gpus}); empty means any
 * @param gpusPerWorker GPUs each worker holds
 * @param minWorkers workers always kept
 * @param maxWorkers workers at most
 * @param concurrentRequests requests one worker runs at once
 * @param idleTimeoutSeconds how long a worker may sit without a request before it stops
 * @param waitTimeSeconds how long a request may wait for a worker; 0 means no limit
 * @param storageGb disk the hosted service would give; kept, not used
 * @param args the engine's arguments, {@code model} among them
 * @param env the worker processes' extra environment, unmasked
 */
public record DeploymentSpec(
        String name,
        String region,
        String framework,
        List<String> gpuTypes,
        int gpusPerWorker,
        int minWorkers,
        int maxWorkers,
        int concurrentRequests,
        int idleTimeoutSeconds,
        int waitTimeSeconds,
        int storageGb,
        Map<String, String> args,
        Map<String, String> env) {

    public static final String DEFAULT_REGION = "india-noida-01";
    public static final String DEFAULT_FRAMEWORK = "vllm";
    public static final int DEFAULT_GPUS_PER_WORKER = 1;
    public static final int DEFAULT_MIN_WORKERS = 0;
    public static final int DEFAULT_MAX_WORKERS = 1;
    public static final int DEFAULT_CONCURRENT_REQUESTS = 1;
    public static final int DEFAULT_IDLE_TIMEOUT = 600;
    public static final int DEFAULT_WAIT_TIME = 60;
    public static final int DEFAULT_STORAGE = 50;

    /** The frameworks the hosted service knows. */
    public static final List<String> KNOWN_FRAMEWORKS = List.of("vllm", "sglang", "ollama");

    public DeploymentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(framework, "framework");
        gpuTypes = List.copyOf(gpuTypes);
        // insertion order is kept so that the record reads back as it was written
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** {@code args.model}, when given. */
    public Optional<String> model() {
        return Optional.ofNullable(args.get("model")).filter(m -> !m.isBlank());
    }

    /** The name the engine serves the model under: {@code args.served-model-name}, else the model. */
    public String servedModelName() {
        String served = args.get("served-model-name");
        return served != null && !served.isBlank() ? served : model().orElse("");
    }

    /** Whether {@code requested}, a request's {@code model}, names this deployment's model. */
    public boolean servesModel(String requested) {
        return requested.equals(servedModelName())
                || model().map(requested::equals).orElse(false);
    }

    /**
     * Every field out of the API's bounds.
     *
     * @param frameworks the frameworks this emulator can run
     */
    public List<FieldError> validate(Set<String> frameworks) {
        List<FieldError> errors = new ArrayList<>();
        if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        if (!KNOWN_FRAMEWORKS.contains(framework) && !frameworks.contains(framework)) {
            errors.add(new FieldError("framework", "must be one of vllm, sglang, ollama"));
        } else if (!frameworks.contains(framework)) {
            errors.add(new FieldError(
                    "framework",
                    "the emulator has no engine for '" + framework + "'; start it with --engine-command " + framework
                            + "=<command template>"));
        }
        range(errors, "min_workers", minWorkers, 0, 100);
        // max_workers 0 is allowed, as the HTTP contract says: no worker starts, waits end at wait_time.
        range(errors, "max_workers", maxWorkers, 0, 100);
        if (minWorkers > maxWorkers && minWorkers <= 100 && maxWorkers >= 0) {
            errors.add(new FieldError("min_workers", "must not be greater than max_workers"));
        }
        range(errors, "concurrent_requests", concurrentRequests, 1, 100);
        range(errors, "idle_timeout", idleTimeoutSeconds, 0, 86_400);
        range(errors, "wait_time", waitTimeSeconds, 0, 600);
        if (storageGb < 50) {
            errors.add(new FieldError("storage", "must be at least 50"));
        }
        if (gpusPerWorker < 1) {
            errors.add(new FieldError("gpus_per_worker", "must be at least 1"));
        }
        for (int i = 0; i < gpuTypes.size(); i++) {
            if (gpuTypes.get(i).isBlank()) {
                errors.add(new FieldError("gpus_to_use.gpus." + i, "must not be blank"));
            }
        }
        if (model().isEmpty()) {
            errors.add(new FieldError("args.model", "is required"));
        }
        ArgRules.check(args, errors);
        EnvRules.check(env, errors);
        return errors;
    }

    /**
     * {@code text} with every value of {@code env} in it masked, as answers show them: for messages made
     * of what a worker printed (a start failure's log tail), which may quote its environment.
     */
    public String maskEnvValues(String text) {
        return EnvRules.maskValues(env, text);
    }

    static void range(List<FieldError> errors, String field, int value, int min, int max) {
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    /** This spec with the changes of a {@code PATCH}. */
    public DeploymentSpec with(DeploymentUpdate update) {
        return new DeploymentSpec(
                update.name().orElse(name),
                region,
                framework,
                gpuTypes,
                gpusPerWorker,
                update.minWorkers().orElse(minWorkers),
                update.maxWorkers().orElse(maxWorkers),
                concurrentRequests,
                update.idleTimeoutSeconds().orElse(idleTimeoutSeconds),
                update.waitTimeSeconds().orElse(waitTimeSeconds),
                storageGb,
                args,
                env);
    }
}
