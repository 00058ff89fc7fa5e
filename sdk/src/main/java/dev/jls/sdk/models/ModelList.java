package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The answer of {@code /v1/models}: {@code {"object": "list", "data": [...]}}.
 *
 * <p>Immutable; unknown fields are kept and written back (see {@link JsonModel}).
 */
public final class ModelList extends JsonModel {

    static final Set<String> FIELDS = Set.of("object", "data");

    private final String object;
    private final List<Model> data;

    ModelList(ObjectNode json) {
        super(json, FIELDS);
        FieldReader r = new FieldReader(json, "ModelList");
        this.object = r.optText("object").orElse("list");
        this.data = r.objects("data", Model::new);
    }

    /**
     * Reads a ModelList from JSON; the node is copied.
     *
     * @param json a JSON object
     * @return the model
     * @throws dev.jls.sdk.errors.JlsInvalidDataException if it is not an object, a known field has the wrong type, or a
     *     required field is missing
     */
    public static ModelList fromJson(JsonNode json) {
        return new ModelList(FieldReader.requireObject(json, "ModelList").deepCopy());
    }

    // Jackson hands over a tree it built for this call alone, so no copy is needed.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ModelList jsonCreator(JsonNode json) {
        return new ModelList(FieldReader.requireObject(json, "ModelList"));
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
     * The object type, {@code list}.
     *
     * @return {@code object}; {@code "list"} when absent or null
     */
    public String object() {
        return object;
    }

    /**
     * The model cards.
     *
     * @return {@code data}; unmodifiable; empty when absent or null
     */
    public List<Model> data() {
        return data;
    }

    /** Builds a {@link ModelList}; not thread-safe. */
    public static final class Builder extends JsonModel.Builder<ModelList, Builder> {

        private Builder(ObjectNode start) {
            super(start, FIELDS);
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
         * Sets {@code data}. Replaces the list.
         *
         * @param value {@code data}; null writes JSON {@code null}
         * @return this builder
         */
        public Builder data(List<Model> value) {
            return setModels("data", value);
        }

        /**
         * Appends one entry to {@code data}.
         *
         * @param value the entry, not null
         * @return this builder
         */
        public Builder addModel(Model value) {
            return addModel("data", Objects.requireNonNull(value, "model"));
        }

        @Override
        public ModelList build() {
            return new ModelList(snapshot());
        }
    }
}
