package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request accepted by submit: the server's answer {@code {"id": "req-…"}} and the
 * {@code Idempotency-Key} the submit was sent with. Submitting again with the same key (same tenant,
 * same deployment, within the retention time) gives back the same id.
 *
 * <p>Immutable. The key is not part of the JSON: {@link #toJson()} gives the server's answer only.
 */
public final class SubmittedRequest extends JsonModel {

    static final Set<String> FIELDS = Set.of("id");

    private final String id;
    private final String idempotencyKey;

    SubmittedRequest(ObjectNode json, String idempotencyKey) {
        super(json, FIELDS);
        this.id = new FieldReader(json, "SubmittedRequest").text("id");
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * @param id the request's id
     * @param idempotencyKey the key the submit carried, may be null
     * @return {@code {"id": id}} with the key
     */
    public static SubmittedRequest of(String id, String idempotencyKey) {
        return builder().id(id).idempotencyKey(idempotencyKey).build();
    }

    /**
     * Reads a submit answer; the node is copied.
     *
     * @param json the answer, {@code {"id": "req-…"}}
     * @param idempotencyKey the key the submit carried, may be null
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object with a string {@code id}
     */
    public static SubmittedRequest fromJson(JsonNode json, String idempotencyKey) {
        return new SubmittedRequest(
                FieldReader.requireObject(json, "SubmittedRequest").deepCopy(), idempotencyKey);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SubmittedRequest jsonCreator(JsonNode json) {
        return new SubmittedRequest(FieldReader.requireObject(json, "SubmittedRequest"), null);
    }

    /**
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder(null, null);
    }

    /**
     * @return a builder starting from this request's JSON and key
     */
    public Builder toBuilder() {
        return new Builder(json, idempotencyKey);
    }

    /**
     * @return the request's id, {@code req-…}, used to fetch, await and cancel it
     */
    public String id() {
        return id;
    }

    /**
     * @return the {@code Idempotency-Key} the submit carried; empty when not known
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other) && Objects.equals(idempotencyKey, ((SubmittedRequest) other).idempotencyKey);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + Objects.hashCode(idempotencyKey);
    }

    @Override
    public String toString() {
        return "SubmittedRequest" + json + (idempotencyKey == null ? "" : " idempotencyKey=" + idempotencyKey);
    }

    /** Builds a {@link SubmittedRequest}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<SubmittedRequest, Builder> {

        private String idempotencyKey;

        private Builder(ObjectNode start, String idempotencyKey) {
            super(start, FIELDS);
            this.idempotencyKey = idempotencyKey;
        }

        /**
         * @param value the request's id (required)
         * @return this builder
         */
        public Builder id(String value) {
            return set("id", value);
        }

        /**
         * @param value the key the submit carried; null for none
         * @return this builder
         */
        public Builder idempotencyKey(String value) {
            this.idempotencyKey = value;
            return this;
        }

        @Override
        public SubmittedRequest build() {
            return new SubmittedRequest(snapshot(), idempotencyKey);
        }
    }
}
