package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code POST /management/create} takes: every field of the service's deployment spec.
 *
 * <pre>{@code
 * DeploymentSpec spec = DeploymentSpec.builder()
 *     .name("qwen").gpusToUse(List.of("H100")).minWorkers(0).maxWorkers(2)
 *     .model("Qwen/Qwen3-0.6B").servedModelName("qwen")
 *     .build()
 *     .validate();
 * }</pre>
 *
 * <p>{@link Builder#build()} does not check bounds, so a spec can be built step by step or read from
 * any JSON; {@link #validate()} checks them, and creating a deployment calls it. Only the fields set are
 * written: the service applies its defaults to the rest ({@code concurrent_requests} 1).
 * {@link #toString()} masks {@code env} values.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class DeploymentSpec extends JsonModel {

    static final Set<String> FIELDS = Set.of(
            "name",
            "region",
            "framework",
            "gpus_to_use",
            "gpus_per_worker",
            "min_workers",
            "max_workers",
            "concurrent_requests",
            "idle_timeout",
            "wait_time",
            "storage",
            "args",
            "env");

    private final Optional<String> name;
    private final Optional<String> region;
    private final Optional<Framework> framework;
    private final List<String> gpusToUse;
    private final Optional<Integer> gpusPerWorker;
    private final Optional<Integer> minWorkers;
    private final Optional<Integer> maxWorkers;
    private final Optional<Integer> idleTimeout;
    private final Optional<Integer> waitTime;
    private final Optional<Integer> storage;
    private final Map<String, String> args;
    private final Map<String, String> env;
    private final Optional<Integer> concurrentRequests;

    DeploymentSpec(ObjectNode json) {
        this(json, "DeploymentSpec");
    }

    private DeploymentSpec(ObjectNode json, String type) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, type);
        this.name = r.optText("name");
        this.region = r.optText("region");
        this.framework = r.optText("framework").map(Framework::of);
        this.gpusToUse = r.gpuList("gpus_to_use");
        this.gpusPerWorker = r.optInt("gpus_per_worker");
        this.minWorkers = r.optInt("min_workers");
        this.maxWorkers = r.optInt("max_workers");
        this.idleTimeout = r.optInt("idle_timeout");
        this.waitTime = r.optInt("wait_time");
        this.storage = r.optInt("storage");
        this.args = r.stringMap("args");
        this.env = r.stringMap("env");
        this.concurrentRequests = r.optInt("concurrent_requests");
    }

    /**
     * The spec fields of a larger object (a deployment's record or summary), in its order: the spec
     * that object shows. Only the fields in {@code shown} are taken, so that what the larger model keeps
     * as unknown stays out of its spec.
     */
    static DeploymentSpec within(ObjectNode json, Set<String> shown, String type) {
        ObjectNode own = json.objectNode();
        json.properties().forEach(entry -> {
            if (FIELDS.contains(entry.getKey()) && shown.contains(entry.getKey())) {
                own.set(entry.getKey(), entry.getValue());
            }
        });
        return new DeploymentSpec(own, type);
    }

    /**
     * Reads a DeploymentSpec from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static DeploymentSpec fromJson(JsonNode json) {
        return new DeploymentSpec(
                FieldReader.requireObject(json, "DeploymentSpec").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DeploymentSpec jsonCreator(JsonNode json) {
        return new DeploymentSpec(FieldReader.requireObject(json, "DeploymentSpec"));
    }

    /**
     * @return an empty builder: nothing is written but what is set
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * @return a builder starting from this model's JSON, unknown fields included
     */
    public Builder toBuilder() {
        return new Builder(json);
    }

    /**
     * The deployment's name; unset, the service names it after {@code args.model}.
     *
     * @return {@code name}; empty when absent or null
     */
    public Optional<String> name() {
        return name;
    }

    /**
     * The region, e.g. {@code india-noida-01}; unset, the service picks.
     *
     * @return {@code region}; empty when absent or null
     */
    public Optional<String> region() {
        return region;
    }

    /**
     * The engine: {@code vllm}, {@code sglang} or {@code ollama}; unset, the service picks.
     *
     * @return {@code framework}; empty when absent or null
     */
    public Optional<Framework> framework() {
        return framework;
    }

    /**
     * The GPU types a worker may use, e.g. {@code ["H100"]}; on the wire {@code {"gpus": [...]}}. None
     * means any type.
     *
     * @return {@code gpus_to_use}; unmodifiable; empty when absent or null
     */
    public List<String> gpusToUse() {
        return gpusToUse;
    }

    /**
     * GPUs per worker, at least 1.
     *
     * @return {@code gpus_per_worker}; empty when absent or null
     */
    public Optional<Integer> gpusPerWorker() {
        return gpusPerWorker;
    }

    /**
     * Workers kept running even when idle, 0 to 100.
     *
     * @return {@code min_workers}; empty when absent or null
     */
    public Optional<Integer> minWorkers() {
        return minWorkers;
    }

    /**
     * The most workers, 0 to 100 and at least {@code min_workers}; with 0 no worker starts and requests
     * fail after {@code wait_time}.
     *
     * @return {@code max_workers}; empty when absent or null
     */
    public Optional<Integer> maxWorkers() {
        return maxWorkers;
    }

    /**
     * Seconds a worker may idle before it is stopped, 0 to 86400.
     *
     * @return {@code idle_timeout}; empty when absent or null
     */
    public Optional<Integer> idleTimeout() {
        return idleTimeout;
    }

    /**
     * Seconds a request may wait for a worker before it fails, 0 to 600 (0: no limit).
     *
     * @return {@code wait_time}; empty when absent or null
     */
    public Optional<Integer> waitTime() {
        return waitTime;
    }

    /**
     * Disk per worker in GB, at least 50.
     *
     * @return {@code storage}; empty when absent or null
     */
    public Optional<Integer> storage() {
        return storage;
    }

    /**
     * The engine's command-line arguments without dashes, e.g. {@code model}, {@code max-model-len}, {@code served-model-name}; values are strings.
     *
     * @return {@code args}; unmodifiable, in wire order; empty when absent or null
     */
    public Map<String, String> args() {
        return args;
    }

    /**
     * Environment variables for the workers (the service masks their values in every answer).
     *
     * @return {@code env}; unmodifiable, in wire order; empty when absent or null
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Requests one worker runs at once, 1 to 100.
     *
     * @return {@code concurrent_requests}; 1 (the service's default) when absent or null
     */
    public int concurrentRequests() {
        return concurrentRequests.orElse(1);
    }

    /** {@code concurrent_requests} as written, for answers that show it without the default. */
    Optional<Integer> concurrentRequestsAsWritten() {
        return concurrentRequests;
    }

    /**
     * @return {@code args.model}, the model the engine loads; empty when absent
     */
    public Optional<String> model() {
        return Optional.ofNullable(args.get("model"));
    }

    /**
     * @return {@code args.served-model-name}, the name requests use; empty when absent
     */
    public Optional<String> servedModelName() {
        return Optional.ofNullable(args.get("served-model-name"));
    }

    /**
     * Checks the bounds the service checks, with its messages, in its order: {@code name} (else
     * {@code args.model}) not blank; {@code min_workers} and {@code max_workers} 0 to 100 with
     * {@code min_workers} at most {@code max_workers}; {@code concurrent_requests} 1 to 100;
     * {@code idle_timeout} 0 to 86400; {@code wait_time} 0 to 600; {@code storage} at least 50;
     * {@code gpus_per_worker} at least 1; no blank GPU type; {@code args.model} present. Fields not set are
     * left to the service's defaults, and rules that depend on the server (which frameworks it runs, the
     * {@code env} and {@code args} entries it refuses, its free GPUs) are left to its answer, so a spec this
     * accepts may still be refused with {@code 422}, but never one the service would take.
     *
     * @return this spec, for chaining
     * @throws JlsValidationException listing every violation; {@link JlsValidationException#field()}
     *     names the first in wire spelling, e.g. {@code min_workers}, with the message
     *     {@code min_workers: must be between 0 and 100}
     */
    public DeploymentSpec validate() {
        List<FieldError> errors = new ArrayList<>();
        // The service names an unnamed deployment after its model.
        if (name.or(() -> Optional.ofNullable(args.get("model"))).orElse("").isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        between(errors, "min_workers", minWorkers, 0, 100);
        between(errors, "max_workers", maxWorkers, 0, 100);
        boolean bothInRange = errors.stream().noneMatch(e -> e.field().endsWith("_workers"));
        if (bothInRange && minWorkers.isPresent() && maxWorkers.isPresent() && minWorkers.get() > maxWorkers.get()) {
            errors.add(new FieldError("min_workers", "must not be greater than max_workers"));
        }
        between(errors, "concurrent_requests", concurrentRequests, 1, 100);
        between(errors, "idle_timeout", idleTimeout, 0, 86_400);
        between(errors, "wait_time", waitTime, 0, 600);
        atLeast(errors, "storage", storage, 50);
        atLeast(errors, "gpus_per_worker", gpusPerWorker, 1);
        for (int i = 0; i < gpusToUse.size(); i++) {
            if (gpusToUse.get(i).isBlank()) {
                errors.add(new FieldError("gpus_to_use.gpus." + i, "must not be blank"));
            }
        }
        if (model().isEmpty() || model().get().isBlank()) {
            errors.add(new FieldError("args.model", "is required"));
        }
        if (!errors.isEmpty()) {
            throw new JlsValidationException(errors);
        }
        return this;
    }

    static void between(List<FieldError> errors, String field, Optional<Integer> value, int min, int max) {
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
    }

    static void atLeast(List<FieldError> errors, String field, Optional<Integer> value, int min) {
        if (value.isPresent() && value.get() < min) {
            errors.add(new FieldError(field, "must be at least " + min));
        }
    }

    /**
     * @return the class name and the JSON, with every {@code env} value shown as {@code ****}
     */
    @Override
    public String toString() {
        ObjectNode shown = json.deepCopy();
        if (shown.get("env") instanceof ObjectNode envNode) {
            envNode.properties().forEach(entry -> entry.setValue(envNode.textNode("****")));
        }
        return "DeploymentSpec" + shown;
    }

    /** Builds a {@link DeploymentSpec}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<DeploymentSpec, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        private Builder(Set<String> knownFields, ObjectNode target) {
            super(knownFields, target);
        }

        /** A builder that sets spec fields right in {@code target}, the JSON of a larger model's builder. */
        static Builder writingInto(ObjectNode target, Set<String> knownFields) {
            return new Builder(knownFields, target);
        }

        /**
         * Sets {@code name}.
         *
         * @param value {@code name}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder name(String value) {
            return set("name", value);
        }

        /**
         * Sets {@code region}.
         *
         * @param value {@code region}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder region(String value) {
            return set("region", value);
        }

        /**
         * Sets {@code framework}.
         *
         * @param value {@code framework}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder framework(Framework value) {
            return set("framework", (OpenEnum) value);
        }

        /**
         * Sets the GPU types, written as {@code "gpus_to_use": {"gpus": [...]}}; other keys of that object are kept.
         *
         * @param value GPU type names, e.g. {@code List.of("H100")}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder gpusToUse(List<String> value) {
            if (value == null) {
                json.putNull("gpus_to_use");
                return self();
            }
            ArrayNode gpus = objectField("gpus_to_use").putArray("gpus");
            value.forEach(gpus::add);
            return self();
        }

        /**
         * Sets {@code gpus_per_worker}.
         *
         * @param value {@code gpus_per_worker}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder gpusPerWorker(Integer value) {
            return set("gpus_per_worker", value);
        }

        /**
         * Sets {@code min_workers}.
         *
         * @param value {@code min_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder minWorkers(Integer value) {
            return set("min_workers", value);
        }

        /**
         * Sets {@code max_workers}.
         *
         * @param value {@code max_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder maxWorkers(Integer value) {
            return set("max_workers", value);
        }

        /**
         * Sets {@code idle_timeout}.
         *
         * @param value {@code idle_timeout}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder idleTimeout(Integer value) {
            return set("idle_timeout", value);
        }

        /**
         * Sets {@code wait_time}.
         *
         * @param value {@code wait_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder waitTime(Integer value) {
            return set("wait_time", value);
        }

        /**
         * Sets {@code storage}.
         *
         * @param value {@code storage}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder storage(Integer value) {
            return set("storage", value);
        }

        /**
         * Sets {@code args}. Replaces the whole map.
         *
         * @param value {@code args}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder args(Map<String, String> value) {
            return setStringMap("args", value);
        }

        /**
         * Puts one entry into {@code args}, keeping the others.
         *
         * @param key the entry's key
         * @param value its value
         * @return this builder
         */
        public Builder putArg(String key, String value) {
            objectField("args").put(Objects.requireNonNull(key, "key"), value);
            return self();
        }

        /**
         * Sets {@code env}. Replaces the whole map.
         *
         * @param value {@code env}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder env(Map<String, String> value) {
            return setStringMap("env", value);
        }

        /**
         * Puts one entry into {@code env}, keeping the others.
         *
         * @param key the entry's key
         * @param value its value
         * @return this builder
         */
        public Builder putEnv(String key, String value) {
            objectField("env").put(Objects.requireNonNull(key, "key"), value);
            return self();
        }

        /**
         * Sets {@code concurrent_requests}; unset, the service's default of 1 applies.
         *
         * @param value requests one worker runs at once, 1 to 100; null writes JSON {@code null}
         * @return this builder
         */
        public Builder concurrentRequests(Integer value) {
            return set("concurrent_requests", value);
        }

        /**
         * Sets {@code args.model}, the model the engine loads (e.g. a Hugging Face id), keeping other args.
         *
         * @param model the model
         * @return this builder
         */
        public Builder model(String model) {
            return putArg("model", Objects.requireNonNull(model, "model"));
        }

        /**
         * Sets {@code args.served-model-name}, the name requests use, keeping other args.
         *
         * @param name the served name
         * @return this builder
         */
        public Builder servedModelName(String name) {
            return putArg("served-model-name", Objects.requireNonNull(name, "servedModelName"));
        }

        /**
         * Sets {@code framework} by its word.
         *
         * @param value e.g. {@code vllm}
         * @return this builder
         */
        public Builder framework(String value) {
            return framework(Framework.of(value));
        }

        @Override
        public DeploymentSpec build() {
            return new DeploymentSpec(snapshot());
        }
    }
}
