package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * One deployment as {@code GET /management/list} shows it: the deployment's state and part of its
 * {@link #spec() spec} ({@code region}, {@code framework}, {@code gpus_to_use}, {@code gpus_per_worker},
 * {@code min_workers}, {@code max_workers}, {@code concurrent_requests}).
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class DeploymentSummary extends AbstractDeployment {

    static final Set<String> FIELDS = union(
            HEADER,
            Set.of(
                    "region",
                    "framework",
                    "min_workers",
                    "max_workers",
                    "gpus_to_use",
                    "concurrent_requests",
                    "gpus_per_worker"));

    DeploymentSummary(ObjectNode json) {
        super(json, FIELDS, "DeploymentSummary");
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
        return new DeploymentSummary(
                FieldReader.requireObject(json, "DeploymentSummary").deepCopy());
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

    /** Builds a {@link DeploymentSummary}; not thread-safe. */
    public static final class Builder extends AbstractDeployment.Builder<DeploymentSummary, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        @Override
        public DeploymentSummary build() {
            return new DeploymentSummary(snapshot());
        }
    }
}
