package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A deployment's full record, as {@code GET /management/{id}} answers it: the whole {@link #spec() spec}
 * (with {@code env} values masked), and the deployment's state. Timestamps come naive (read as UTC) or
 * with an offset; each is offered as a moment and as its raw string.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Deployment extends AbstractDeployment {

    static final Set<String> FIELDS = union(
            HEADER, DeploymentSpec.FIELDS, Set.of("end_time", "created_at", "updated_at", "workers", "queue_depth"));

    private final Optional<String> endTime;
    private final Optional<String> createdAt;
    private final Optional<String> updatedAt;
    private final Optional<Workers> workers;
    private final Optional<Integer> queueDepth;

    Deployment(ObjectNode json) {
        super(json, FIELDS, "Deployment");
        FieldReader r = new FieldReader(json, "Deployment");
        this.endTime = r.optText("end_time");
        this.createdAt = r.optText("created_at");
        this.updatedAt = r.optText("updated_at");
        this.workers = r.optObject("workers", Workers::new);
        this.queueDepth = r.optInt("queue_depth");
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

    // The spec's fields only the full record shows, kept so that code written against them still compiles.

    /** @return {@link DeploymentSpec#idleTimeout()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> idleTimeout() {
        return spec().idleTimeout();
    }

    /** @return {@link DeploymentSpec#waitTime()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> waitTime() {
        return spec().waitTime();
    }

    /** @return {@link DeploymentSpec#storage()} of {@link #spec()}; empty when absent or null */
    public Optional<Integer> storage() {
        return spec().storage();
    }

    /** @return {@link DeploymentSpec#args()} of {@link #spec()}; unmodifiable, in wire order; empty when absent */
    public Map<String, String> args() {
        return spec().args();
    }

    /** @return {@link DeploymentSpec#env()} of {@link #spec()}, values masked ({@code hf_****}); empty when absent */
    public Map<String, String> env() {
        return spec().env();
    }

    /** @return {@link DeploymentSpec#model()} of {@link #spec()}, {@code args.model}; empty when absent */
    public Optional<String> model() {
        return spec().model();
    }

    /** Builds a {@link Deployment}; not thread-safe. */
    public static final class Builder extends AbstractDeployment.Builder<Deployment, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * As {@link DeploymentSpec.Builder#idleTimeout(Integer)}.
         *
         * @param value {@code idle_timeout}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder idleTimeout(Integer value) {
            return specFields(s -> s.idleTimeout(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#waitTime(Integer)}.
         *
         * @param value {@code wait_time}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder waitTime(Integer value) {
            return specFields(s -> s.waitTime(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#storage(Integer)}.
         *
         * @param value {@code storage}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder storage(Integer value) {
            return specFields(s -> s.storage(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#args(Map)}: replaces the whole map.
         *
         * @param value {@code args}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder args(Map<String, String> value) {
            return specFields(s -> s.args(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#putArg(String, String)}: keeps the other entries.
         *
         * @param key the entry's key
         * @param value its value
         * @return this builder
         */
        public Builder putArg(String key, String value) {
            return specFields(s -> s.putArg(key, value));
        }

        /**
         * As {@link DeploymentSpec.Builder#env(Map)}: replaces the whole map.
         *
         * @param value {@code env}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder env(Map<String, String> value) {
            return specFields(s -> s.env(value));
        }

        /**
         * As {@link DeploymentSpec.Builder#putEnv(String, String)}: keeps the other entries.
         *
         * @param key the entry's key
         * @param value its value
         * @return this builder
         */
        public Builder putEnv(String key, String value) {
            return specFields(s -> s.putEnv(key, value));
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

        @Override
        public Deployment build() {
            return new Deployment(snapshot());
        }
    }
}
