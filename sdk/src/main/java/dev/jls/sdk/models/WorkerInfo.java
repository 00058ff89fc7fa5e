package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Timestamps;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One worker of a deployment. {@code worker_id} is null while it is provisioning. The emulator adds
 * {@code pid}, {@code port}, {@code gpus} and {@code in_flight}; the hosted service does not send them.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class WorkerInfo extends JsonModel {

    static final Set<String> FIELDS = Set.of("worker_id", "status", "last_used", "pid", "port", "gpus", "in_flight");

    private final Optional<Long> workerId;
    private final WorkerStatus status;
    private final Optional<String> lastUsed;
    private final Optional<Long> pid;
    private final Optional<Integer> port;
    private final List<Integer> gpus;
    private final Optional<Integer> inFlight;

    WorkerInfo(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "WorkerInfo");
        this.workerId = r.optLong("worker_id");
        this.status = WorkerStatus.of(r.text("status"));
        this.lastUsed = r.optText("last_used");
        this.pid = r.optLong("pid");
        this.port = r.optInt("port");
        this.gpus = r.ints("gpus");
        this.inFlight = r.optInt("in_flight");
    }

    /**
     * Reads a WorkerInfo from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static WorkerInfo fromJson(JsonNode json) {
        return new WorkerInfo(FieldReader.requireObject(json, "WorkerInfo").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static WorkerInfo jsonCreator(JsonNode json) {
        return new WorkerInfo(FieldReader.requireObject(json, "WorkerInfo"));
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
     * The worker's id; null while provisioning.
     *
     * @return {@code worker_id}; empty when absent or null
     */
    public Optional<Long> workerId() {
        return workerId;
    }

    /**
     * The worker's status.
     *
     * @return {@code status}; never null (required)
     */
    public WorkerStatus status() {
        return status;
    }

    /**
     * When the worker last served a request.
     *
     * @return {@code last_used} as a moment (a time without offset is read as UTC); empty when absent, null
     *     or unreadable (see {@link #lastUsedRaw()})
     */
    public Optional<OffsetDateTime> lastUsed() {
        return lastUsed.flatMap(Timestamps::parse);
    }

    /**
     * @return {@code last_used} exactly as the server wrote it; empty when absent or null
     */
    public Optional<String> lastUsedRaw() {
        return lastUsed;
    }

    /**
     * Emulator: the engine process's id.
     *
     * @return {@code pid}; empty when absent or null
     */
    public Optional<Long> pid() {
        return pid;
    }

    /**
     * Emulator: the engine's port.
     *
     * @return {@code port}; empty when absent or null
     */
    public Optional<Integer> port() {
        return port;
    }

    /**
     * Emulator: the indexes of the GPUs the worker holds.
     *
     * @return {@code gpus}; unmodifiable; empty when absent or null
     */
    public List<Integer> gpus() {
        return gpus;
    }

    /**
     * Emulator: requests the worker is running now.
     *
     * @return {@code in_flight}; empty when absent or null
     */
    public Optional<Integer> inFlight() {
        return inFlight;
    }

    /** Builds a {@link WorkerInfo}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<WorkerInfo, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code worker_id}.
         *
         * @param value {@code worker_id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder workerId(long value) {
            return set("worker_id", (Long) value);
        }

        /**
         * Sets {@code worker_id}.
         *
         * @param value {@code worker_id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder workerId(Long value) {
            return set("worker_id", value);
        }

        /**
         * Sets {@code status}.
         *
         * @param value {@code status}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder status(WorkerStatus value) {
            return set("status", (OpenEnum) value);
        }

        /**
         * Sets {@code last_used}. Written in ISO-8601 with its offset.
         *
         * @param value {@code last_used}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder lastUsed(OffsetDateTime value) {
            return set("last_used", value == null ? null : Timestamps.format(value));
        }

        /**
         * Sets {@code last_used} to a timestamp written exactly as given (e.g. a naive
         * {@code 2026-06-08T08:38:45.011322}, which readers take as UTC).
         *
         * @param value {@code last_used}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder lastUsedRaw(String value) {
            return set("last_used", value);
        }

        /**
         * Sets {@code pid}.
         *
         * @param value {@code pid}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder pid(long value) {
            return set("pid", (Long) value);
        }

        /**
         * Sets {@code pid}.
         *
         * @param value {@code pid}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder pid(Long value) {
            return set("pid", value);
        }

        /**
         * Sets {@code port}.
         *
         * @param value {@code port}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder port(Integer value) {
            return set("port", value);
        }

        /**
         * Sets {@code gpus}. Replaces the list.
         *
         * @param value {@code gpus}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder gpus(List<Integer> value) {
            return setInts("gpus", value);
        }

        /**
         * Sets {@code in_flight}.
         *
         * @param value {@code in_flight}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder inFlight(Integer value) {
            return set("in_flight", value);
        }

        @Override
        public WorkerInfo build() {
            return new WorkerInfo(snapshot());
        }
    }
}
