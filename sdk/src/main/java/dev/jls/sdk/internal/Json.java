package dev.jls.sdk.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The SDK's one Jackson configuration, and the only place JSON text is read or written.
 *
 * <p>Snake-case property names on the wire, unknown properties ignored by plain POJOs (the models in
 * {@code dev.jls.sdk.models} keep them instead), absent values omitted. Malformed input surfaces as
 * {@link JlsInvalidDataException}, never as a checked Jackson exception. No Java 8 datatype modules are
 * registered: plain records written through it use nullable fields, not {@code Optional}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, JsonInclude.Include.NON_ABSENT))
            .build();

    private static final int SNIPPET = 200;

    private Json() {}

    /**
     * The shared, thread-safe mapper. Callers must not reconfigure it: every part of the SDK relies on
     * the same settings.
     *
     * @return the shared mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A fresh, empty object node.
     *
     * @return a new mutable {@link ObjectNode}
     */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Parses JSON text into a tree.
     *
     * @param json the text; blank text is malformed
     * @return the tree
     * @throws JlsInvalidDataException if the text is not one complete JSON value
     */
    public static JsonNode readTree(String json) {
        if (json == null || json.isBlank()) {
            throw new JlsInvalidDataException("expected JSON but the body was empty");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw malformed(json, e);
        }
    }

    /**
     * Parses UTF-8 JSON bytes into a tree.
     *
     * @param json the bytes; an empty array is malformed
     * @return the tree
     * @throws JlsInvalidDataException if the bytes are not one complete JSON value
     */
    public static JsonNode readTree(byte[] json) {
        return readTree(new String(json, StandardCharsets.UTF_8));
    }

    /**
     * Reads JSON from a stream into a tree. The stream is read to its end but not closed; the caller
     * that opened it closes it.
     *
     * @param json the stream
     * @return the tree
     * @throws JlsInvalidDataException if the content is not JSON or the stream fails
     */
    public static JsonNode readTree(InputStream json) {
        try {
            return readTree(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JlsInvalidDataException("could not read the JSON body: " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON text into a value of the given type (a model, a record, a map, ...).
     *
     * @param json the text
     * @param type the target type
     * @param <T> the target type
     * @return the value
     * @throws JlsInvalidDataException if the text is not JSON or does not fit the type
     */
    public static <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new JlsInvalidDataException("expected JSON for " + type.getSimpleName() + " but the body was empty");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JacksonException e) {
            throw unwrap(e, () -> malformed(json, e));
        }
        if (value == null) {
            throw new JlsInvalidDataException("expected " + type.getSimpleName() + " but the JSON was null");
        }
        return value;
    }

    /**
     * Parses UTF-8 JSON bytes into a value of the given type.
     *
     * @param json the bytes
     * @param type the target type
     * @param <T> the target type
     * @return the value
     * @throws JlsInvalidDataException if the bytes are not JSON or do not fit the type
     */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, StandardCharsets.UTF_8), type);
    }

    /**
     * Converts a tree into a value of the given type.
     *
     * @param node the tree
     * @param type the target type
     * @param <T> the target type
     * @return the value
     * @throws JlsInvalidDataException if the tree does not fit the type
     */
    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JacksonException | IllegalArgumentException e) {
            throw unwrap(
                    e,
                    () -> new JlsInvalidDataException(
                            "JSON does not fit " + type.getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    /**
     * Converts a value (a model, a map, a record, ...) into a tree.
     *
     * @param value the value
     * @return the tree
     */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Writes a value as compact JSON text.
     *
     * @param value the value
     * @return the JSON text
     * @throws JlsInvalidDataException if the value cannot be written as JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new JlsInvalidDataException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a value as compact UTF-8 JSON bytes.
     *
     * @param value the value
     * @return the JSON bytes
     * @throws JlsInvalidDataException if the value cannot be written as JSON
     */
    public static byte[] writeBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The first characters of a body, on one line, for error messages.
     *
     * @param text any text, possibly null
     * @return at most 200 characters with runs of whitespace collapsed, "..." marking a cut
     */
    public static String snippet(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "...";
    }

    // A model's own check (a wrong type in a known field) is more precise than Jackson's wrapper of it.
    private static RuntimeException unwrap(Exception e, java.util.function.Supplier<RuntimeException> otherwise) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JlsInvalidDataException invalid) {
                return invalid;
            }
        }
        return otherwise.get();
    }

    private static JlsInvalidDataException malformed(String json, JacksonException e) {
        return new JlsInvalidDataException("malformed JSON (" + e.getOriginalMessage() + "): " + snippet(json), e);
    }
}
