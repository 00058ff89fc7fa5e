package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.FieldError;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Writes answers: JSON bodies, and errors in the shape of the route's {@link ErrorStyle}. */
final class Responses {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private static final Logger LOG = Logger.getLogger(Responses.class.getName());

    private Responses() {}

    static void json(HttpServerExchange ex, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        bytes(ex, status, "application/json", bytes);
    }

    static void bytes(HttpServerExchange ex, int status, String contentType, byte[] body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        ex.getResponseSender().send(ByteBuffer.wrap(body));
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** An error with a message, in the route's shape. */
    static void error(HttpServerExchange ex, ErrorStyle style, int status, String message) {
        error(ex, style, status, message, openAiType(status), null);
    }

    static void error(
            HttpServerExchange ex, ErrorStyle style, int status, String message, String openAiType, String param) {
        if (style == ErrorStyle.FASTAPI) {
            json(ex, status, object().put("detail", message));
        } else {
            json(ex, status, openAiError(status, message, openAiType, param));
        }
    }

    /** An error body in the route's shape, for answers written without {@link #error}. */
    static byte[] errorBytes(ErrorStyle style, int status, String message) {
        JsonNode body = style == ErrorStyle.FASTAPI
                ? object().put("detail", message)
                : openAiError(status, message, openAiType(status), null);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode openAiError(int status, String message, String type, String param) {
        ObjectNode error = object();
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", status);
        return object().set("error", error);
    }

    /** Refused fields: 422 with FastAPI's list under {@code detail}, or a 400 naming the field. */
    static void fieldErrors(HttpServerExchange ex, ErrorStyle style, String where, List<FieldError> errors) {
        if (style == ErrorStyle.OPENAI) {
            FieldError first = errors.get(0);
            error(ex, style, 400, first.field() + " " + first.message(), "BadRequestError", first.field());
            return;
        }
        ArrayNode detail = NODES.arrayNode();
        for (FieldError e : errors) {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc");
            loc.add(where);
            for (Object part : e.loc()) {
                if (part instanceof Integer index) {
                    loc.add(index);
                } else {
                    loc.add(part.toString());
                }
            }
            item.put("msg", e.message());
            item.put("type", e.message().startsWith("Field required") ? "missing" : "value_error");
        }
        json(ex, 422, object().set("detail", detail));
    }

    /** Answers a failed core command (or any other failure, as a 500). */
    static void failure(HttpServerExchange ex, ErrorStyle style, Throwable t) {
        Throwable cause = unwrap(t);
        if (cause instanceof CoreException ce) {
            int status = status(ce, style);
            switch (ce.kind()) {
                case INVALID -> fieldErrors(ex, style, "body", ce.fieldErrors());
                case QUEUE_FULL -> {
                    ex.getResponseHeaders()
                            .put(
                                    RETRY_AFTER,
                                    ce.retryAfter()
                                            .map(d -> Math.max(1, d.toSeconds()))
                                            .orElse(1L));
                    error(ex, style, status, ce.getMessage());
                }
                default -> error(ex, style, status, ce.getMessage());
            }
            return;
        }
        LOG.log(Level.WARNING, "request failed", cause);
        error(ex, style, 500, "internal error: " + cause.getClass().getSimpleName());
    }

    /** The HTTP status that answers a failed core command, in routes of {@code style}. */
    static int status(CoreException ce, ErrorStyle style) {
        return switch (ce.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID, KEY_REUSED -> 422;
            case QUEUE_FULL -> 429;
            case EXPIRED -> 410;
            case UNAVAILABLE -> style == ErrorStyle.OPENAI ? 503 : 409;
        };
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** vLLM's error type words by status. */
    static String openAiType(int status) {
        return switch (status) {
            case 400, 408, 413, 422, 431 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 403 -> "PermissionDeniedError";
            case 404 -> "NotFoundError";
            case 409 -> "ConflictError";
            case 410 -> "GoneError";
            case 429 -> "RateLimitError";
            case 503 -> "ServiceUnavailableError";
            default -> status >= 500 ? "InternalServerError" : "BadRequestError";
        };
    }
}
