package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deployment's workers: counts by status and the list.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Workers extends JsonModel {

    static final Set<String> FIELDS = Set.of("total", "healthy", "provisioning", "list");

    private final int total;
    private final int healthy;
    private final int provisioning;
    private final List<WorkerInfo> list;

    Workers(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Workers");
        this.total = r.optInt("total").orElse(0);
        this.healthy = r.optInt("healthy").orElse(0);
        this.provisioning = r.optInt("provisioning").orElse(0);
        this.list = r.objects("list", WorkerInfo::new);
    }

    /**
     * Reads a Workers from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Workers fromJson(JsonNode json) {
        return new Workers(FieldReader.requireObject(json, "Workers").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Workers jsonCreator(JsonNode json) {
        return new Workers(FieldReader.requireObject(json, "Workers"));
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
     * All workers.
     *
     * @return {@code total}; 0 when absent or null
     */
    public int total() {
        return total;
    }

    /**
     * Workers serving requests.
     *
     * @return {@code healthy}; 0 when absent or null
     */
    public int healthy() {
        return healthy;
    }

    /**
     * Workers starting, or waiting for free GPUs.
     *
     * @return {@code provisioning}; 0 when absent or null
     */
    public int provisioning() {
        return provisioning;
    }

    /**
     * Each worker.
     *
     * @return {@code list}; unmodifiable; empty when absent or null
     */
    public List<WorkerInfo> list() {
        return list;
    }

    /** Builds a {@link Workers}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Workers, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code total}.
         *
         * @param value {@code total}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder total(Integer value) {
            return set("total", value);
        }

        /**
         * Sets {@code healthy}.
         *
         * @param value {@code healthy}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder healthy(Integer value) {
            return set("healthy", value);
        }

        /**
         * Sets {@code provisioning}.
         *
         * @param value {@code provisioning}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder provisioning(Integer value) {
            return set("provisioning", value);
        }

        /**
         * Sets {@code list}. Replaces the list.
         *
         * @param value {@code list}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder list(List<WorkerInfo> value) {
            return setModels("list", value);
        }

        /**
         * Appends one entry to {@code list}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addWorker(WorkerInfo value) {
            return addModel("list", Objects.requireNonNull(value, "worker"));
        }

        @Override
        public Workers build() {
            return new Workers(snapshot());
        }
    }
}
