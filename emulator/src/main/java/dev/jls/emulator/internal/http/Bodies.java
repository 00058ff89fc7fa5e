package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.FieldError;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.List;

/** Parses request bodies, answering the client itself when a body is not a JSON object. */
final class Bodies {

    /** Why a body with something after its JSON value is refused. */
    static final String TRAILING = "unexpected content after the JSON value: the body must be exactly one JSON object";

    private Bodies() {}

    /**
     * Whether nothing but whitespace follows the value just read: a body is one JSON value, and what
     * comes after it (a second value, or garbage) would otherwise be dropped unseen.
     */
    static boolean trailingFree(JsonParser p) {
        try {
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The body as a JSON object, or null after answering 422 (FastAPI) / 400 (OpenAI). */
    static ObjectNode object(HttpServerExchange ex, ErrorStyle style, byte[] body) {
        JsonNode node;
        try (JsonParser p = Responses.JSON.createParser(body)) {
            node = Responses.JSON.readTree(p);
            if (node != null && !trailingFree(p)) {
                refuse(ex, style, TRAILING);
                return null;
            }
        } catch (JsonProcessingException e) {
            refuse(ex, style, "JSON decode error: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            refuse(ex, style, "JSON decode error: " + e.getMessage());
            return null;
        }
        if (node == null || node.isMissingNode()) {
            refuse(ex, style, "a JSON object body is required");
            return null;
        }
        if (!node.isObject()) {
            refuse(ex, style, "the body must be a JSON object");
            return null;
        }
        return (ObjectNode) node;
    }

    private static void refuse(HttpServerExchange ex, ErrorStyle style, String message) {
        if (style == ErrorStyle.OPENAI) {
            Responses.error(ex, style, 400, message, "BadRequestError", null);
        } else {
            Responses.fieldErrors(ex, style, "body", List.of(new FieldError("", message)));
        }
    }
}
