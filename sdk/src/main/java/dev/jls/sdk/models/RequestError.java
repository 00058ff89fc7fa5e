package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * Why a request failed: OpenAI's error object {@code {"message", "type", "param", "code"}}, used in a
 * {@code Failed} fetch answer, in an error event mid-stream, and in error bodies. Types the service uses for
 * failed requests: {@code engine_error} (code: the engine's status), {@code worker_crashed},
 * {@code worker_unresponsive}, {@code queue_timeout}, {@code request_timeout},
 * {@code deployment_deleted}, {@code worker_start_failed}, {@code emulator_restarted},
 * {@code emulator_reset}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class RequestError extends JsonModel {

    static final Set<String> FIELDS = Set.of("message", "type", "param", "code");

    private final String message;
    private final String type;
    private final Optional<String> param;
    private final Optional<JsonNode> code;

    RequestError(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "RequestError");
        this.message = r.optText("message").orElse("");
        this.type = r.optText("type").orElse("");
        this.param = r.optText("param");
        this.code = r.optNode("code");
    }

    /**
     * Reads a RequestError from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static RequestError fromJson(JsonNode json) {
        return new RequestError(FieldReader.requireObject(json, "RequestError").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RequestError jsonCreator(JsonNode json) {
        return new RequestError(FieldReader.requireObject(json, "RequestError"));
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
     * @param type the kind of failure
     * @param message what went wrong
     * @return {@code {"message": message, "type": type}}
     */
    public static RequestError of(String type, String message) {
        return builder().message(message).type(type).build();
    }

    /**
     * What went wrong, for people.
     *
     * @return {@code message}; empty string when absent or null
     */
    public String message() {
        return message;
    }

    /**
     * The kind of failure, e.g. {@code queue_timeout} or {@code BadRequestError}.
     *
     * @return {@code type}; empty string when absent or null
     */
    public String type() {
        return type;
    }

    /**
     * The request field at fault, e.g. {@code model}.
     *
     * @return {@code param}; empty when absent or null
     */
    public Optional<String> param() {
        return param;
    }

    /**
     * A status number or a code string.
     *
     * @return a copy of {@code code}; empty when absent or null
     */
    public Optional<JsonNode> code() {
        return code.map(JsonNode::deepCopy);
    }

    /** Builds a {@link RequestError}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<RequestError, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code message}.
         *
         * @param value {@code message}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder message(String value) {
            return set("message", value);
        }

        /**
         * Sets {@code type}.
         *
         * @param value {@code type}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder type(String value) {
            return set("type", value);
        }

        /**
         * Sets {@code param}.
         *
         * @param value {@code param}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder param(String value) {
            return set("param", value);
        }

        /**
         * Sets {@code code}. The value is copied.
         *
         * @param value {@code code}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder code(JsonNode value) {
            return set("code", value);
        }

        @Override
        public RequestError build() {
            return new RequestError(snapshot());
        }
    }
}
