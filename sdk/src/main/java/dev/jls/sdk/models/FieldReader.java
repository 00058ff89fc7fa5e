package dev.jls.sdk.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed reads of one JSON object's known fields. A field absent or JSON {@code null} reads as empty;
 * a field of the wrong type fails with {@link JlsInvalidDataException} naming {@code Model.field}.
 */
final class FieldReader {

    private final ObjectNode json;
    private final String model;

    FieldReader(ObjectNode json, String model) {
        this.json = json;
        this.model = model;
    }

    static ObjectNode requireObject(JsonNode node, String model) {
        if (node == null || !node.isObject()) {
            throw new JlsInvalidDataException(model + ": expected a JSON object, got "
                    + (node == null ? "nothing" : Json.snippet(node.toString())));
        }
        return (ObjectNode) node;
    }

    private JsonNode present(String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private JlsInvalidDataException wrong(String field, String expected, JsonNode got) {
        return new JlsInvalidDataException(
                model + "." + field + ": expected " + expected + ", got " + Json.snippet(got.toString()));
    }

    String text(String field) {
        return optText(field)
                .orElseThrow(() -> new JlsInvalidDataException(model + "." + field + ": required but missing"));
    }

    Optional<String> optText(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrong(field, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    long longValue(String field) {
        return optLong(field)
                .orElseThrow(() -> new JlsInvalidDataException(model + "." + field + ": required but missing"));
    }

    Optional<Long> optLong(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.longValue());
        }
        if (node.isFloatingPointNumber()
                && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9.0e15) {
            return Optional.of((long) node.doubleValue());
        }
        throw wrong(field, "an integer", node);
    }

    Optional<Integer> optInt(String field) {
        Optional<Long> value = optLong(field);
        if (value.isPresent() && (value.get() > Integer.MAX_VALUE || value.get() < Integer.MIN_VALUE)) {
            throw wrong(field, "a 32-bit integer", json.get(field));
        }
        return value.map(Long::intValue);
    }

    Optional<Double> optDouble(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw wrong(field, "a number", node);
        }
        return Optional.of(node.doubleValue());
    }

    Optional<Boolean> optBoolean(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrong(field, "true or false", node);
        }
        return Optional.of(node.booleanValue());
    }

    /** The raw value, shared with the (immutable) model's tree: accessors hand out copies. */
    Optional<JsonNode> optNode(String field) {
        return Optional.ofNullable(present(field));
    }

    <T> Optional<T> optObject(String field, Function<ObjectNode, T> decode) {
        JsonNode node = present(field);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw wrong(field, "an object", node);
        }
        return Optional.of(decode.apply((ObjectNode) node));
    }

    <T> List<T> objects(String field, Function<ObjectNode, T> decode) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrong(field, "a list", node);
        }
        List<T> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw wrong(field + "[" + values.size() + "]", "an object", item);
            }
            values.add(decode.apply((ObjectNode) item));
        }
        return Collections.unmodifiableList(values);
    }

    /** A list of strings; a bare string reads as a list of one (as OpenAI's {@code stop} allows). */
    List<String> strings(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw wrong(field, "a string or a list of strings", node);
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw wrong(field + "[" + values.size() + "]", "a string", item);
            }
            values.add(item.textValue());
        }
        return Collections.unmodifiableList(values);
    }

    List<Integer> ints(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrong(field, "a list of integers", node);
        }
        List<Integer> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw wrong(field + "[" + values.size() + "]", "an integer", item);
            }
            values.add(item.intValue());
        }
        return Collections.unmodifiableList(values);
    }

    /** An object of string values; numbers and booleans read as their text (e.g. {@code "max-model-len": 8192}). */
    Map<String, String> stringMap(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw wrong(field, "an object of strings", node);
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isContainerNode()) {
                throw wrong(field + "." + entry.getKey(), "a string", value);
            }
            if (!value.isNull()) {
                values.put(entry.getKey(), value.asText());
            }
        });
        return Collections.unmodifiableMap(values);
    }

    /**
     * The service's {@code "gpus_to_use": {"gpus": ["H100"]}}; a bare list of names is read too.
     */
    List<String> gpuList(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return List.of();
        }
        if (node.isArray()) {
            return strings(field);
        }
        if (!node.isObject()) {
            throw wrong(field, "an object {\"gpus\": [...]}", node);
        }
        return new FieldReader((ObjectNode) node, model + "." + field).strings("gpus");
    }
}
