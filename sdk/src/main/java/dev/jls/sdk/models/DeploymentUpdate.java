package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code PATCH /management/{id}} takes: any of {@code name}, {@code idle_timeout},
 * {@code wait_time}, and, on the emulator, {@code min_workers} and {@code max_workers} (the hosted service
 * answers {@code 422} to those: a deployment's workers are fixed there once created). Only the fields set
 * are sent. The service answers {@code 409} unless the deployment is {@code running}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class DeploymentUpdate extends JsonModel {

    static final Set<String> FIELDS = Set.of("name", "idle_timeout", "wait_time", "min_workers", "max_workers");

    private final Optional<String> name;
    private final Optional<Integer> idleTimeout;
    private final Optional<Integer> waitTime;
    private final Optional<Integer> minWorkers;
    private final Optional<Integer> maxWorkers;

    DeploymentUpdate(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "DeploymentUpdate");
        this.name = r.optText("name");
        this.idleTimeout = r.optInt("idle_timeout");
        this.waitTime = r.optInt("wait_time");
        this.minWorkers = r.optInt("min_workers");
        this.maxWorkers = r.optInt("max_workers");
    }

    /**
     * Reads a DeploymentUpdate from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static DeploymentUpdate fromJson(JsonNode json) {
        return new DeploymentUpdate(
                FieldReader.requireObject(json, "DeploymentUpdate").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DeploymentUpdate jsonCreator(JsonNode json) {
        return new DeploymentUpdate(FieldReader.requireObject(json, "DeploymentUpdate"));
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
     * A new name.
     *
     * @return {@code name}; empty when absent or null
     */
    public Optional<String> name() {
        return name;
    }

    /**
     * A new idle timeout in seconds, 0 to 86400.
     *
     * @return {@code idle_timeout}; empty when absent or null
     */
    public Optional<Integer> idleTimeout() {
        return idleTimeout;
    }

    /**
     * A new wait time in seconds, 0 to 600.
     *
     * @return {@code wait_time}; empty when absent or null
     */
    public Optional<Integer> waitTime() {
        return waitTime;
    }

    /**
     * A new least number of workers, 0 to 100, at most the deployment's {@code max_workers} (the emulator
     * only).
     *
     * @return {@code min_workers}; empty when absent or null
     */
    public Optional<Integer> minWorkers() {
        return minWorkers;
    }

    /**
     * A new greatest number of workers, 0 to 100 (the emulator only). Workers above it with nothing in
     * flight stop at once.
     *
     * @return {@code max_workers}; empty when absent or null
     */
    public Optional<Integer> maxWorkers() {
        return maxWorkers;
    }

    /**
     * Checks the service's bounds on the fields set: {@code name} not blank, {@code idle_timeout} 0 to
     * 86400, {@code wait_time} 0 to 600, {@code min_workers} and {@code max_workers} 0 to 100 and, when
     * both are set, min at most max (against the deployment's other bound the service checks).
     *
     * @return this update, for chaining
     * @throws JlsValidationException listing every violation, e.g. {@code wait_time: must be between 0 and 600}
     */
    public DeploymentUpdate validate() {
        List<FieldError> errors = new ArrayList<>();
        if (name.isPresent() && name.get().isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        DeploymentSpec.between(errors, "idle_timeout", idleTimeout, 0, 86_400);
        DeploymentSpec.between(errors, "wait_time", waitTime, 0, 600);
        DeploymentSpec.between(errors, "min_workers", minWorkers, 0, 100);
        DeploymentSpec.between(errors, "max_workers", maxWorkers, 0, 100);
        if (minWorkers.isPresent() && maxWorkers.isPresent() && minWorkers.get() > maxWorkers.get()) {
            errors.add(new FieldError("min_workers", "must not be greater than max_workers"));
        }
        if (!errors.isEmpty()) {
            throw new JlsValidationException(errors);
        }
        return this;
    }

    /** Builds a {@link DeploymentUpdate}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<DeploymentUpdate, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
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
         * Sets {@code min_workers} (the emulator only).
         *
         * @param value {@code min_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder minWorkers(Integer value) {
            return set("min_workers", value);
        }

        /**
         * Sets {@code max_workers} (the emulator only).
         *
         * @param value {@code max_workers}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder maxWorkers(Integer value) {
            return set("max_workers", value);
        }

        @Override
        public DeploymentUpdate build() {
            return new DeploymentUpdate(snapshot());
        }
    }
}
