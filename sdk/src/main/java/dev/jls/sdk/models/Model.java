package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * A model card of {@code /v1/models}: {@code id} is the served model name to put in requests' {@code model}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class Model extends JsonModel {

    static final Set<String> FIELDS = Set.of("id", "object", "created", "owned_by", "root", "parent", "max_model_len");

    private final String id;
    private final String object;
    private final Optional<Long> created;
    private final Optional<String> ownedBy;
    private final Optional<String> root;
    private final Optional<String> parent;
    private final Optional<Integer> maxModelLen;

    Model(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "Model");
        this.id = r.text("id");
        this.object = r.optText("object").orElse("model");
        this.created = r.optLong("created");
        this.ownedBy = r.optText("owned_by");
        this.root = r.optText("root");
        this.parent = r.optText("parent");
        this.maxModelLen = r.optInt("max_model_len");
    }

    /**
     * Reads a Model from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static Model fromJson(JsonNode json) {
        return new Model(FieldReader.requireObject(json, "Model").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Model jsonCreator(JsonNode json) {
        return new Model(FieldReader.requireObject(json, "Model"));
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
     * The served model name.
     *
     * @return {@code id}; never null (required)
     */
    public String id() {
        return id;
    }

    /**
     * The object type, {@code model}.
     *
     * @return {@code object}; {@code "model"} when absent or null
     */
    public String object() {
        return object;
    }

    /**
     * When the card was made, in Unix seconds.
     *
     * @return {@code created}; empty when absent or null
     */
    public Optional<Long> created() {
        return created;
    }

    /**
     * The owner; vLLM says {@code vllm}.
     *
     * @return {@code owned_by}; empty when absent or null
     */
    public Optional<String> ownedBy() {
        return ownedBy;
    }

    /**
     * The model the engine loaded, e.g. {@code meta-llama/Llama-3.1-8B-Instruct}.
     *
     * @return {@code root}; empty when absent or null
     */
    public Optional<String> root() {
        return root;
    }

    /**
     * The base model of an adapter; null for a base model.
     *
     * @return {@code parent}; empty when absent or null
     */
    public Optional<String> parent() {
        return parent;
    }

    /**
     * The context length in tokens.
     *
     * @return {@code max_model_len}; empty when absent or null
     */
    public Optional<Integer> maxModelLen() {
        return maxModelLen;
    }

    /** Builds a {@link Model}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<Model, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
        }

        /**
         * Sets {@code id}.
         *
         * @param value {@code id}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder id(String value) {
            return set("id", value);
        }

        /**
         * Sets {@code object}.
         *
         * @param value {@code object}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder object(String value) {
            return set("object", value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder created(long value) {
            return set("created", (Long) value);
        }

        /**
         * Sets {@code created}.
         *
         * @param value {@code created}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder created(Long value) {
            return set("created", value);
        }

        /**
         * Sets {@code owned_by}.
         *
         * @param value {@code owned_by}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder ownedBy(String value) {
            return set("owned_by", value);
        }

        /**
         * Sets {@code root}.
         *
         * @param value {@code root}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder root(String value) {
            return set("root", value);
        }

        /**
         * Sets {@code parent}.
         *
         * @param value {@code parent}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder parent(String value) {
            return set("parent", value);
        }

        /**
         * Sets {@code max_model_len}.
         *
         * @param value {@code max_model_len}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder maxModelLen(Integer value) {
            return set("max_model_len", value);
        }

        @Override
        public Model build() {
            return new Model(snapshot());
        }
    }
}
