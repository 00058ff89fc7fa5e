package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every answer about a deployment carries: its id, name, status, start, cost, and the
 * {@link #spec() spec} it runs. {@link Deployment} (the full record) and {@link DeploymentSummary} (one
 * entry of the list) show more or fewer of the spec's fields; the spec's fields are read and written by
 * {@link DeploymentSpec} alone, so a new one is added there once.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public abstract sealed class AbstractDeployment extends JsonModel permits Deployment, DeploymentSummary {

    /** The fields both answers have besides the spec's. */
    static final Set<String> HEADER =
            Set.of("deployment_id", "name", "status", "error_message", "start_time", "total_cost", "currency");

    private final String deploymentId;
    private final String name;
    private final DeploymentStatus status;
    private final Optional<String> errorMessage;
    private final Optional<String> startTime;
    private final Optional<Double> totalCost;
    private final Optional<String> currency;
    private final DeploymentSpec spec;

    AbstractDeployment(ObjectNode json, Set<String> knownFields, String type) {
        super(json, knownFields);
        FieldReader r = new FieldReader(json, type);
        this.deploymentId = r.text("deployment_id");
        this.name = r.text("name");
        this.status = DeploymentStatus.of(r.text("status"));
        this.errorMessage = r.optText("error_message");
        this.startTime = r.optText("start_time");
        this.totalCost = r.optDouble("total_cost");
        this.currency = r.optText("currency");
        this.spec = DeploymentSpec.within(json, knownFields, type);
    }

    /**
     * The spec as this answer shows it: the spec's fields this answer has, in wire order, and no others
     * (a summary has no {@code args}, so its spec's {@link DeploymentSpec#args()} is empty). {@code env}
     * values come masked.
     *
     * @return the spec; never null
     */
    public DeploymentSpec spec() {
        return spec;
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
     * What it has cost so far, in {@link #currency()}.
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

    // The spec's fields both answers show, kept here so that code written against them still compiles.

    /** @return {@link DeploymentSpec#region()} of {@link #spec()}; empty when absent or null */
    public Optional<String> region() {
        return spec.region();
    }

    /** @return {@link DeploymentSpec#framework()} of {@link #spec()}; empty when absent or null */
    public Optional<Framework> framework() {
        return spec.framework();
    }

    /** @return {@link DeploymentSpec#gpusToUse()} of {@link #spec()}; unmodifiable; empty when absent or null */
    public List<String> gpusToUse() {
        return spec.gpusToUse();
    }

    /** @return {@link DeploymentSpec#gpusPerWorker()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> gpusPerWorker() {
        return spec.gpusPerWorker();
    }

    /** @return {@link DeploymentSpec#minWorkers()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> minWorkers() {
        return spec.minWorkers();
    }

    /** @return {@link DeploymentSpec#maxWorkers()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> maxWorkers() {
        return spec.maxWorkers();
    }

    /**
     * Requests one worker runs at once, as the answer shows it (unlike
     * {@link DeploymentSpec#concurrentRequests()}, without the default filled in).
     *
     * @return {@code concurrent_requests}; empty when absent or null
     */
    public Optional<Integer> concurrentRequests() {
        return spec.concurrentRequestsAsWritten();
    }

    /**
     * The setters both answers' builders share: their own fields, and the spec's through
     * {@link #spec(DeploymentSpec)} or one by one.
     *
     * @param <M> the answer built
     * @param <B> the builder itself
     */
    public abstract static sealed class Builder<M extends AbstractDeployment, B extends Builder<M, B>>
            extends JsonModel.Builder<M, B> permits Deployment.Builder, DeploymentSummary.Builder {

        private final Set<String> knownFields;

        Builder(ObjectNode start, Set<String> knownFields) {
            super(start, knownFields);
            this.knownFields = knownFields;
        }

        /** Sets spec fields through the spec's own setters, so each is written one way only. */
        final B specFields(Consumer<DeploymentSpec.Builder> set) {
            set.accept(DeploymentSpec.Builder.writingInto(json, knownFields));
            return self();
        }

        /**
         * Sets every field of {@code spec} this answer shows, replacing them; the others (e.g. {@code args}
         * in a summary) and the spec's unknown fields are left out.
         *
         * @param spec the spec, not null
         * @return this builder
         */
        public final B spec(DeploymentSpec spec) {
            spec.json.properties().forEach(entry -> {
                if (DeploymentSpec.FIELDS.contains(entry.getKey()) && knownFields.contains(entry.getKey())) {
                    json.set(entry.getKey(), entry.getValue().deepCopy());
                }
            });
            return self();
        }

        /**
         * Sets {@code deployment_id}.
         *
         * @param value {@code deployment_id}; null writes JSON {@code null}
         * @return this builder
         */
        public final B deploymentId(String value) {
            return set("deployment_id", value);
        }

        /**
         * Sets {@code name}.
         *
         * @param value {@code name}; null writes JSON {@code null}
         * @return this builder
         */
        public final B name(String value) {
            return set("name", value);
        }

        /**
         * Sets {@code status}.
         *
         * @param value {@code status}; null writes JSON {@code null}
         * @return this builder
         */
        public final B status(DeploymentStatus value) {
            return set("status", (OpenEnum) value);
        }

        /**
         * Sets {@code error_message}.
         *
         * @param value {@code error_message}; null writes JSON {@code null}
         * @return this builder
         */
        public final B errorMessage(String value) {
            return set("error_message", value);
        }

        /**
         * Sets {@code start_time}. Written in ISO-8601 with its offset.
         *
         * @param value {@code start_time}; null writes JSON {@code null}
         * @return this builder
         */
        public final B startTime(OffsetDateTime value) {
            return set("start_time", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code start_time} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code start_time}; null writes JSON {@code null}
         * @return this builder
         */
        public final B startTimeRaw(String value) {
            return set("start_time", value);
        }

        /**
         * Sets {@code total_cost}.
         *
         * @param value {@code total_cost}
         * @return this builder
         */
        public final B totalCost(double value) {
            return set("total_cost", (Double) value);
        }

        /**
         * Sets {@code total_cost}.
         *
         * @param value {@code total_cost}; null writes JSON {@code null}
         * @return this builder
         */
        public final B totalCost(Double value) {
            return set("total_cost", value);
        }

        /**
         * Sets {@code currency}.
         *
         * @param value {@code currency}; null writes JSON {@code null}
         * @return this builder
         */
        public final B currency(String value) {
            return set("currency", value);
        }

        /**
         * As {@link DeploymentSpec.Builder#region(String)}.
         *
         * @param value {@code region}; null writes JSON {@code null}
         * @return this builder
         */
        public final B region(String value) {
            return specFields(s -> s.region(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#framework(Framework)}.
         *
         * @param value {@code framework}; null writes JSON {@code null}
         * @return this builder
         */
        public final B framework(Framework value) {
            return specFields(s -> s.framework(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#gpusToUse(List)}: written as {@code {"gpus": [...]}}.
         *
         * @param value GPU type names; null writes JSON {@code null}
         * @return this builder
         */
        public final B gpusToUse(List<String> value) {
            return specFields(s -> s.gpusToUse(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#gpusPerWorker(Integer)}.
         *
         * @param value {@code gpus_per_worker}; null writes JSON {@code null}
         * @return this builder
         */
        public final B gpusPerWorker(Integer value) {
            return specFields(s -> s.gpusPerWorker(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#minWorkers(Integer)}.
         *
         * @param value {@code min_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public final B minWorkers(Integer value) {
            return specFields(s -> s.minWorkers(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#maxWorkers(Integer)}.
         *
         * @param value {@code max_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public final B maxWorkers(Integer value) {
            return specFields(s -> s.maxWorkers(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#concurrentRequests(Integer)}.
         *
         * @param value {@code concurrent_requests}; null writes JSON {@code null}
         * @return this builder
         */
        public final B concurrentRequests(Integer value) {
            return specFields(s -> s.concurrentRequests(value));
        }
    }
}
