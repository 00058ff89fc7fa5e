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
 * {@code wait_time}. Only the fields set are sent. The service answers {@code 409} unless the deployment is
 * {@code running}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class DeploymentUpdate extends JsonModel {

    static final Set<String> FIELDS = Set.of("name", "idle_timeout", "wait_time");

    private final Optional<String> name;
    private final Optional<Integer> idleTimeout;
    private final Optional<Integer> waitTime;

    DeploymentUpdate(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "DeploymentUpdate");
        this.name = r.optText("name");
        this.idleTimeout = r.optInt("idle_timeout");
        this.waitTime = r.optInt("wait_time");
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
     * Checks the service's bounds on the fields set: {@code name} not blank, {@code idle_timeout} 0 to
     * 86400, {@code wait_time} 0 to 600.
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

        @Override
        public DeploymentUpdate build() {
            return new DeploymentUpdate(snapshot());
        }
    }
}
