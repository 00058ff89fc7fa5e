package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment's full record, as {@code GET /management/{id}} answers it. Timestamps come naive
 * (read as UTC) or with an offset; each is offered as a moment and as its raw string.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Deployment extends JsonModel {

    static final Set<String> FIELDS = Set.of(
            "deployment_id", "name", "status", "error_message", "region", "framework",
            "gpus_to_use", "gpus_per_worker", "min_workers", "max_workers", "concurrent_requests",
            "idle_timeout", "wait_time", "storage", "args", "env", "start_time", "end_time",
            "created_at", "updated_at", "workers", "queue_depth", "total_cost", "currency");

    private final String deploymentId;
    private final String name;
    private final DeploymentStatus status;
    private final Optional<String> errorMessage;
    private final Optional<String> region;
    private final Optional<Framework> framework;
    private final List<String> gpusToUse;
    private final Optional<Integer> gpusPerWorker;
    private final Optional<Integer> minWorkers;
    private final Optional<Integer> maxWorkers;
    private final Optional<Integer> concurrentRequests;
    private final Optional<Integer> idleTimeout;
    private final Optional<Integer> waitTime;
    private final Optional<Integer> storage;
    private final Map<String, String> args;
    private final Map<String, String> env;
    private final Optional<String> startTime;
    private final Optional<String> endTime;
    private final Optional<String> createdAt;
    private final Optional<String> updatedAt;
    private final Optional<Workers> workers;
    private final Optional<Integer> queueDepth;
    private final Optional<Double> totalCost;
    private final Optional<String> currency;


    Deployment(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Deployment");
        this.deploymentId = r.text("deployment_id");
        this.name = r.text("name");
        this.status = DeploymentStatus.of(r.text("status"));
        this.errorMessage = r.optText("error_message");
        this.region = r.optText("region");
        this.framework = r.optText("framework").map(Framework::of);
        this.gpusToUse = r.gpuList("gpus_to_use");
        this.gpusPerWorker = r.optInt("gpus_per_worker");
        this.minWorkers = r.optInt("min_workers");
        this.maxWorkers = r.optInt("max_workers");
        this.concurrentRequests = r.optInt("concurrent_requests");
        this.idleTimeout = r.optInt("idle_timeout");
        this.waitTime = r.optInt("wait_time");
        this.storage = r.optInt("storage");
        this.args = r.stringMap("args");
        this.env = r.stringMap("env");
        this.startTime = r.optText("start_time");
        this.endTime = r.optText("end_time");
        this.createdAt = r.optText("created_at");
        this.updatedAt = r.optText("updated_at");
        this.workers = r.optObject("workers", Workers::new);
        this.queueDepth = r.optInt("queue_depth");
        this.totalCost = r.optDouble("total_cost");
        this.currency = r.optText("currency");
    }

    /**
     * Reads a Deployment from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Deployment fromJson(JsonNode json) {
        return new Deployment(FieldReader.requireObject(json, "Deployment").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Deployment jsonCreator(JsonNode json) {
        return new Deployment(FieldReader.requireObject(json, "Deployment"));
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
     * The deployment's id, {@code dep-…}.
     *
     * @return {@code deployment_id}; never null (required)
     */
    public String deploymentId() {
        return deploymentId;
    }

    /**
     * The deployment's name.
     *
     * @return {@code name}; never null (required)
     */
    public String name() {
        return name;
    }

    /**
     * Where the deployment is in its life.
     *
     * @return {@code status}; never null (required)
     */
    public DeploymentStatus status() {
        return status;
    }

    /**
     * Why it failed, with {@code failed}; null otherwise.
     *
     * @return {@code error_message}; empty when absent or null
     */
    public Optional<String> errorMessage() {
        return errorMessage;
    }

    /**
     * The region, e.g. {@code india-noida-01}.
     *
     * @return {@code region}; empty when absent or null
     */
    public Optional<String> region() {
        return region;
    }

    /**
     * The engine.
     *
     * @return {@code framework}; empty when absent or null
     */
    public Optional<Framework> framework() {
        return framework;
    }

    /**
     * The GPU types a worker may use, e.g. {@code ["H100"]}; on the wire {@code {"gpus": [...]}}.
     *
     * @return {@code gpus_to_use}; unmodifiable; empty when absent or null
     */
    public List<String> gpusToUse() {
        return gpusToUse;
    }

    /**
     * GPUs per worker.
     *
     * @return {@code gpus_per_worker}; empty when absent or null
     */
    public Optional<Integer> gpusPerWorker() {
        return gpusPerWorker;
    }

    /**
     * Workers kept running even when idle.
     *
     * @return {@code min_workers}; empty when absent or null
     */
    public Optional<Integer> minWorkers() {
        return minWorkers;
    }

    /**
     * The most workers.
     *
     * @return {@code max_workers}; empty when absent or null
     */
    public Optional<Integer> maxWorkers() {
        return maxWorkers;
    }

    /**
     * Requests one worker runs at once.
     *
     * @return {@code concurrent_requests}; empty when absent or null
     */
    public Optional<Integer> concurrentRequests() {
        return concurrentRequests;
    }

    /**
     * Seconds a worker may idle before it is stopped.
     *
     * @return {@code idle_timeout}; empty when absent or null
     */
    public Optional<Integer> idleTimeout() {
        return idleTimeout;
    }

    /**
     * Seconds a request may wait for a worker.
     *
     * @return {@code wait_time}; empty when absent or null
     */
    public Optional<Integer> waitTime() {
        return waitTime;
    }

    /**
     * Disk per worker in GB.
     *
     * @return {@code storage}; empty when absent or null
     */
    public Optional<Integer> storage() {
        return storage;
    }

    /**
     * The engine's arguments.
     *
     * @return {@code args}; unmodifiable, in wire order; empty when absent or null
     */
    public Map<String, String> args() {
        return args;
    }

    /**
     * Environment variables, values masked ({@code hf_****}).
     *
     * @return {@code env}; unmodifiable, in wire order; empty when absent or null
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * When the deployment started.
     *
     * @return {@code start_time} as a moment (a time without offset is read as UTC); empty when absent, null
     *     or unreadable (see {@link #startTimeRaw()})
     */
    public Optional<OffsetDateTime> startTime() {
        return startTime.flatMap(Timestamps::parse);
    }

    /**
     * @return {@code start_time} exactly as the server wrote it; empty when absent or null
     */
    public Optional<String> startTimeRaw() {
        return startTime;
    }

    /**
     * When it ended; null while it lives.
     *
     * @return {@code end_time} as a moment (a time without offset is read as UTC); empty when absent, null
     *     or unreadable (see {@link #endTimeRaw()})
     */
    public Optional<OffsetDateTime> endTime() {
        return endTime.flatMap(Timestamps::parse);
    }

    /**
     * @return {@code end_time} exactly as the server wrote it; empty when absent or null
     */
    public Optional<String> endTimeRaw() {
        return endTime;
    }

    /**
     * When it was created.
     *
     * @return {@code created_at} as a moment (a time without offset is read as UTC); empty when absent, null
     *     or unreadable (see {@link #createdAtRaw()})
     */
    public Optional<OffsetDateTime> createdAt() {
        return createdAt.flatMap(Timestamps::parse);
    }

    /**
     * @return {@code created_at} exactly as the server wrote it; empty when absent or null
     */
    public Optional<String> createdAtRaw() {
        return createdAt;
    }

    /**
     * When it last changed.
     *
     * @return {@code updated_at} as a moment (a time without offset is read as UTC); empty when absent, null
     *     or unreadable (see {@link #updatedAtRaw()})
     */
    public Optional<OffsetDateTime> updatedAt() {
        return updatedAt.flatMap(Timestamps::parse);
    }

    /**
     * @return {@code updated_at} exactly as the server wrote it; empty when absent or null
     */
    public Optional<String> updatedAtRaw() {
        return updatedAt;
    }

    /**
     * Its workers.
     *
     * @return {@code workers}; empty when absent or null
     */
    public Optional<Workers> workers() {
        return workers;
    }

    /**
     * Requests waiting for a worker.
     *
     * @return {@code queue_depth}; empty when absent or null
     */
    public Optional<Integer> queueDepth() {
        return queueDepth;
    }

    /**
     * What it has cost so far, in {@code currency}.
     *
     * @return {@code total_cost}; empty when absent or null
     */
    public Optional<Double> totalCost() {
        return totalCost;
    }

    /**
     * The currency of {@code total_cost}, e.g. {@code USD}.
     *
     * @return {@code currency}; empty when absent or null
     */
    public Optional<String> currency() {
        return currency;
    }

    /**
     * @return {@code args.model}; empty when absent
     */
    public Optional<String> model() {
        return Optional.ofNullable(args.get("model"));
    }

    /** Builds a {@link Deployment}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Deployment, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code deployment_id}.
         *
         * @param value {@code deployment_id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder deploymentId(String value) {
            return set("deployment_id", value);
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
         * Sets {@code status}.
         *
         * @param value {@code status}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder status(DeploymentStatus value) {
            return set("status", (OpenEnum) value);
        }

        /**
         * Sets {@code error_message}.
         *
         * @param value {@code error_message}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder errorMessage(String value) {
            return set("error_message", value);
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
         * Sets {@code concurrent_requests}.
         *
         * @param value {@code concurrent_requests}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder concurrentRequests(Integer value) {
            return set("concurrent_requests", value);
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
         * Sets {@code start_time}. Written in ISO-8601 with its offset.
         *
         * @param value {@code start_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder startTime(OffsetDateTime value) {
            return set("start_time", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code start_time} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code start_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder startTimeRaw(String value) {
            return set("start_time", value);
        }

        /**
         * Sets {@code end_time}. Written in ISO-8601 with its offset.
         *
         * @param value {@code end_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder endTime(OffsetDateTime value) {
            return set("end_time", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code end_time} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code end_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder endTimeRaw(String value) {
            return set("end_time", value);
        }

        /**
         * Sets {@code created_at}. Written in ISO-8601 with its offset.
         *
         * @param value {@code created_at}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder createdAt(OffsetDateTime value) {
            return set("created_at", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code created_at} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code created_at}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder createdAtRaw(String value) {
            return set("created_at", value);
        }

        /**
         * Sets {@code updated_at}. Written in ISO-8601 with its offset.
         *
         * @param value {@code updated_at}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder updatedAt(OffsetDateTime value) {
            return set("updated_at", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code updated_at} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code updated_at}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder updatedAtRaw(String value) {
            return set("updated_at", value);
        }

        /**
         * Sets {@code workers}.
         *
         * @param value {@code workers}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder workers(Workers value) {
            return set("workers", (JsonModel) value);
        }

        /**
         * Sets {@code queue_depth}.
         *
         * @param value {@code queue_depth}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder queueDepth(Integer value) {
            return set("queue_depth", value);
        }

        /**
         * Sets {@code total_cost}.
         *
         * @param value {@code total_cost}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder totalCost(double value) {
            return set("total_cost", (Double) value);
        }

        /**
         * Sets {@code total_cost}.
         *
         * @param value {@code total_cost}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder totalCost(Double value) {
            return set("total_cost", value);
        }

        /**
         * Sets {@code currency}.
         *
         * @param value {@code currency}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder currency(String value) {
            return set("currency", value);
        }

        @Override
        public Deployment build() {
            return new Deployment(snapshot());
        }
    }
}
