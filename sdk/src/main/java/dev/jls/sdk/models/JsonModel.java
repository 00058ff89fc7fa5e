package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.internal.Json;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What every model shares: it is an immutable JSON object with typed accessors over its known fields.
 *
 * <p><b>Unknown fields.</b> Fields the SDK does not know are kept, readable through
 * {@link #additionalProperties()}, and written back unchanged, in their original order; so an extra
 * request parameter reaches the server and a parsed answer serialises back to the same JSON.
 *
 * <p><b>Absent versus null.</b> A model remembers exactly which fields its JSON had. An optional
 * accessor returns {@link Optional#empty()} both for an absent field and for a field that is JSON
 * {@code null}; {@link #rawField(String)} tells them apart. When writing, an absent field is omitted and a
 * field that was {@code null} (parsed, or set to {@code null} through a builder) is written as
 * {@code null}. Builders never write a field the caller did not set.
 *
 * <p>Models are thread-safe; {@code equals} compares the JSON.
 */
public abstract class JsonModel {

    /** The model's JSON; never mutated after construction and never handed out. */
    final ObjectNode json;

    private final Set<String> knownFields;

    JsonModel(ObjectNode json, Set<String> knownFields) {
        this.json = json;
        this.knownFields = knownFields;
    }

    /**
     * The fields this SDK version does not model, in the order the JSON had them.
     *
     * @return an unmodifiable map from field name to a copy of its value ({@code NullNode} for JSON null)
     */
    public Map<String, JsonNode> additionalProperties() {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        json.properties().forEach(entry -> {
            if (!knownFields.contains(entry.getKey())) {
                extra.put(entry.getKey(), entry.getValue().deepCopy());
            }
        });
        return Collections.unmodifiableMap(extra);
    }

    /**
     * Any field exactly as it will be written, known or not.
     *
     * @param name the field's wire name, e.g. {@code stop_reason}
     * @return empty when the field is absent; a {@code NullNode} when it is JSON {@code null}; else a copy
     *     of its value
     */
    public Optional<JsonNode> rawField(String name) {
        JsonNode value = json.get(name);
        return value == null ? Optional.empty() : Optional.of(value.deepCopy());
    }

    /**
     * @return a mutable copy of this model's JSON
     */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** What Jackson writes for this model: its JSON as is. */
    @JsonValue
    ObjectNode jsonValue() {
        return json;
    }

    /**
     * @param other another object
     * @return true when it is a model of the same class with equal JSON
     */
    @Override
    public boolean equals(Object other) {
        return this == other
                || other != null && other.getClass() == getClass() && json.equals(((JsonModel) other).json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    /**
     * @return the class name and the JSON, e.g. {@code Usage{"prompt_tokens":10,...}}
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + json;
    }

    /** The known fields of a model made of parts that other models share. */
    @SafeVarargs
    static Set<String> union(Set<String>... parts) {
        Set<String> all = new HashSet<>();
        for (Set<String> part : parts) {
            all.addAll(part);
        }
        return Set.copyOf(all);
    }

    static <T> Optional<T> copyOf(Optional<JsonNode> node, Function<JsonNode, T> map) {
        return node.map(n -> map.apply(n.deepCopy()));
    }

    /**
     * What every model builder shares: unknown fields, and removal of a field so it is not written.
     *
     * @param <M> the model built
     * @param <B> the builder's own type
     */
    public abstract static class Builder<M extends JsonModel, B extends Builder<M, B>> {

        final ObjectNode json;
        private final Set<String> knownFields;

        Builder(ObjectNode start, Set<String> knownFields) {
            this(knownFields, start == null ? Json.object() : start.deepCopy());
        }

        /** Writes into {@code target} itself: for a model whose JSON embeds another model's fields. */
        Builder(Set<String> knownFields, ObjectNode target) {
            this.json = target;
            this.knownFields = knownFields;
        }

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }

        /**
         * Sets a field this SDK does not model; it is written as given. A known field's name sets that
         * field's raw JSON (e.g. {@code NullNode} for an explicit null), and {@link #build()} checks its type.
         *
         * @param name the field's wire name
         * @param value its value, copied; null means JSON {@code null}
         * @return this builder
         */
        public B putAdditionalProperty(String name, JsonNode value) {
            json.set(name, value == null ? NullNode.getInstance() : value.deepCopy());
            return self();
        }

        /**
         * Replaces every unknown field with the given ones (known fields stay as they are).
         *
         * @param properties field names to values, each copied; null values mean JSON {@code null}
         * @return this builder
         */
        public B additionalProperties(Map<String, ? extends JsonNode> properties) {
            json.properties().removeIf(entry -> !knownFields.contains(entry.getKey()));
            properties.forEach(this::putAdditionalProperty);
            return self();
        }

        /**
         * Removes a field, known or not, so it is not written at all (unlike setting it to null).
         *
         * @param name the field's wire name
         * @return this builder
         */
        public B remove(String name) {
            json.remove(name);
            return self();
        }

        /**
         * Builds the model from a copy of this builder's state; the builder stays usable.
         *
         * @return the model
         * @throws dev.jls.sdk.errors.JlsInvalidDataException if a required field is missing or a field
         *     set through {@link #putAdditionalProperty} has the wrong type
         */
        public abstract M build();

        final ObjectNode snapshot() {
            return json.deepCopy();
        }

        final B set(String name, String value) {
            if (value == null) {
                json.putNull(name);
            } else {
                json.put(name, value);
            }
            return self();
        }

        final B set(String name, Number value) {
            if (value == null) {
                json.putNull(name);
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                json.put(name, value.intValue());
            } else if (value instanceof Long) {
                json.put(name, value.longValue());
            } else {
                json.put(name, value.doubleValue());
            }
            return self();
        }

        final B set(String name, Boolean value) {
            if (value == null) {
                json.putNull(name);
            } else {
                json.put(name, value);
            }
            return self();
        }

        final B set(String name, JsonNode value) {
            json.set(name, value == null ? NullNode.getInstance() : value.deepCopy());
            return self();
        }

        final B set(String name, JsonModel value) {
            // The model's tree is immutable, so it can be shared until build() copies.
            json.set(name, value == null ? NullNode.getInstance() : value.json);
            return self();
        }

        final B set(String name, OpenEnum value) {
            return set(name, value == null ? null : value.asString());
        }

        final B setModels(String name, Collection<? extends JsonModel> values) {
            if (values == null) {
                json.putNull(name);
                return self();
            }
            ArrayNode array = json.putArray(name);
            values.forEach(value -> array.add(value.json));
            return self();
        }

        final B addModel(String name, JsonModel value) {
            arrayField(name).add(value.json);
            return self();
        }

        final B setStrings(String name, Collection<String> values) {
            if (values == null) {
                json.putNull(name);
                return self();
            }
            ArrayNode array = json.putArray(name);
            values.forEach(array::add);
            return self();
        }

        final B setInts(String name, Collection<Integer> values) {
            if (values == null) {
                json.putNull(name);
                return self();
            }
            ArrayNode array = json.putArray(name);
            values.forEach(array::add);
            return self();
        }

        final B setStringMap(String name, Map<String, String> values) {
            if (values == null) {
                json.putNull(name);
                return self();
            }
            ObjectNode object = json.putObject(name);
            values.forEach(object::put);
            return self();
        }

        /** The named field as an array to append to, replacing a non-array value. */
        final ArrayNode arrayField(String name) {
            JsonNode existing = json.get(name);
            if (existing instanceof ArrayNode array) {
                return array;
            }
            return json.putArray(name);
        }

        /** The named field as an object to put into, replacing a non-object value. */
        final ObjectNode objectField(String name) {
            JsonNode existing = json.get(name);
            if (existing instanceof ObjectNode object) {
                return object;
            }
            return json.putObject(name);
        }

        static JsonNodeFactory nodes() {
            return JsonNodeFactory.instance;
        }
    }
}
