package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of an engine request body that the emulator itself reads: {@code model} and {@code
 * stream}. Found by one pass of the streaming parser over the body, which still checks that all of it
 * is well-formed JSON, without building a tree: the body goes to the engine as the client sent it.
 */
final class EngineRequestFields {

    /** What a body is, as far as the emulator is concerned. */
    sealed interface Scan {}

    /** A JSON object; {@code model} is null when absent or JSON {@code null}. */
    record Fields(String model, boolean stream) implements Scan {}

    /** Not a usable body: the message says why, for a 400 / 422 answer. */
    record Refusal(String message, String field) implements Scan {}

    private EngineRequestFields() {}

    static Scan scan(byte[] body) {
        try (JsonParser p = Responses.JSON.getFactory().createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Refusal("a JSON object body is required", null);
            }
            if (first != JsonToken.START_OBJECT) {
                // read the whole value first, so that a broken one is reported as broken
                p.skipChildren();
                return new Refusal("the body must be a JSON object", null);
            }
            String model = null;
            boolean modelNotText = false;
            boolean stream = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name)) {
                    modelNotText = value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL;
                    model = value == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if ("stream".equals(name)) {
                    stream = truthy(p, value);
                }
                p.skipChildren();
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IllegalStateException("a JSON object ends with END_OBJECT, not " + t);
            }
            if (!Bodies.trailingFree(p)) {
                return new Refusal(Bodies.TRAILING, null);
            }
            if (modelNotText) {
                return new Refusal("model must be a string", "model");
            }
            return new Fields(model, stream);
        } catch (JsonProcessingException e) {
            return new Refusal("JSON decode error: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            return new Refusal("JSON decode error: " + e.getMessage(), null);
        }
    }

    /** The value as {@code JsonNode.asBoolean(false)} reads it, so both ways of reading agree. */
    private static boolean truthy(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue().signum() != 0
                        : p.getLongValue() != 0;
            case VALUE_STRING -> "true".equals(p.getText().trim());
            default -> false;
        };
    }
}
