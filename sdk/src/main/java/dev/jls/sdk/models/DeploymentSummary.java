package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One deployment as {@code GET /management/list} shows it.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class DeploymentSummary extends JsonModel {

    static final Set<String> FIELDS = Set.of(
            "deployment_id", "name", "status", "error_message", "region", "start_time",
            "framework", "min_workers", "max_workers", "gpus_to_use", "concurrent_requests",
            "gpus_per_worker", "total_cost", "currency");

    private final String deploymentId;
    private final String name;
    private final DeploymentStatus status;
    private final Optional<String> errorMessage;
    private final Optional<String> region;
    private final Optional<String> startTime;
    private final Optional<Framework> framework;
    private final Optional<Integer> minWorkers;
    private final Optional<Integer> maxWorkers;
    private final List<String> gpusToUse;
    private final Optional<Integer> concurrentRequests;
    private final Optional<Integer> gpusPerWorker;
    private final Optional<Double> totalCost;
    private final Optional<String> currency;


    DeploymentSummary(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "DeploymentSummary");
        this.deploymentId = r.text("deployment_id");
        this.name = r.text("name");
        this.status = DeploymentStatus.of(r.text("status"));
        this.errorMessage = r.optText("error_message");
        this.region = r.optText("region");
        this.startTime = r.optText("start_time");
        this.framework = r.optText("framework").map(Framework::of);
        this.minWorkers = r.optInt("min_workers");
        this.maxWorkers = r.optInt("max_workers");
        this.gpusToUse = r.gpuList("gpus_to_use");
        this.concurrentRequests = r.optInt("concurrent_requests");
        this.gpusPerWorker = r.optInt("gpus_per_worker");
        this.totalCost = r.optDouble("total_cost");
        this.currency = r.optText("currency");
    }

    /**
     * Reads a DeploymentSummary from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static DeploymentSummary fromJson(JsonNode json) {
        return new DeploymentSummary(FieldReader.requireObject(json, "DeploymentSummary").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DeploymentSummary jsonCreator(JsonNode json) {
        return new DeploymentSummary(FieldReader.requireObject(json, "DeploymentSummary"));
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
     * The region.
     *
     * @return {@code region}; empty when absent or null
     */
    public Optional<String> region() {
        return region;
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
     * The engine.
     *
     * @return {@code framework}; empty when absent or null
     */
    public Optional<Framework> framework() {
        return framework;
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
     * The GPU types a worker may use, e.g. {@code ["H100"]}; on the wire {@code {"gpus": [...]}}.
     *
     * @return {@code gpus_to_use}; unmodifiable; empty when absent or null
     */
    public List<String> gpusToUse() {
        return gpusToUse;
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
     * GPUs per worker.
     *
     * @return {@code gpus_per_worker}; empty when absent or null
     */
    public Optional<Integer> gpusPerWorker() {
        return gpusPerWorker;
    }

    /**
     * What it has cost so far.
     *
     * @return {@code total_cost}; empty when absent or null
     */
    public Optional<Double> totalCost() {
        return totalCost;
    }

    /**
     * The currency of {@code total_cost}.
     *
     * @return {@code currency}; empty when absent or null
     */
    public Optional<String> currency() {
        return currency;
    }

    /** Builds a {@link DeploymentSummary}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<DeploymentSummary, Builder> {

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
         * Sets {@code framework}.
         *
         * @param value {@code framework}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder framework(Framework value) {
            return set("framework", (OpenEnum) value);
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
         * Sets {@code concurrent_requests}.
         *
         * @param value {@code concurrent_requests}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder concurrentRequests(Integer value) {
            return set("concurrent_requests", value);
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
        public DeploymentSummary build() {
            return new DeploymentSummary(snapshot());
        }
    }
}
