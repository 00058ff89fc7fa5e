package dev.jls.sdk.errors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an error answer's body says, read from whichever shape it has: FastAPI's {@code {"detail": ...}}
 * (a string, or a list of {@code loc}/{@code msg} entries), OpenAI's {@code {"error": {...}}}, a bare
 * {@code {"message": ...}}, or anything else (empty, HTML, plain text).
 */
record ErrorBody(
        String description,
        Optional<String> message,
        Optional<JsonNode> json,
        Optional<String> type,
        Optional<String> param,
        Optional<JsonNode> code,
        List<FieldError> fieldErrors) {

    private static final Set<String> FASTAPI_SOURCES = Set.of("body", "query", "path", "header", "cookie");

    static ErrorBody parse(int status, String body) {
        if (body == null || body.isBlank()) {
            return plain("HTTP " + status + " with an empty body");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (Exception notJson) {
            return plain("HTTP " + status + " with a non-JSON body: " + Json.snippet(body));
        }
        if (root == null || root.isMissingNode()) {
            return plain("HTTP " + status + " with a non-JSON body: " + Json.snippet(body));
        }
        if (root.isTextual()) {
            return withMessage(
                    status, root, root.asText(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
        if (!root.isObject()) {
            return unrecognised(status, root, body);
        }
        JsonNode detail = root.get("detail");
        if (detail != null && !detail.isNull()) {
            if (detail.isArray()) {
                List<FieldError> errors = new ArrayList<>();
                for (JsonNode item : detail) {
                    errors.add(fieldError(item));
                }
                String text = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
                return withMessage(status, root, text, Optional.empty(), Optional.empty(), Optional.empty(), errors);
            }
            String text = detail.isTextual() ? detail.asText() : detail.toString();
            return withMessage(status, root, text, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            String text = textOf(error.get("message")).orElse(Json.snippet(error.toString()));
            JsonNode code = error.get("code");
            return withMessage(
                    status,
                    root,
                    text,
                    textOf(error.get("type")),
                    textOf(error.get("param")),
                    code == null || code.isNull() ? Optional.empty() : Optional.of(code),
                    List.of());
        }
        if (error != null && error.isTextual()) {
            return withMessage(
                    status, root, error.asText(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
        Optional<String> message = textOf(root.get("message"));
        if (message.isPresent()) {
            return withMessage(
                    status,
                    root,
                    message.get(),
                    textOf(root.get("type")),
                    Optional.empty(),
                    Optional.empty(),
                    List.of());
        }
        return unrecognised(status, root, body);
    }

    private static ErrorBody plain(String description) {
        return new ErrorBody(
                description,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    private static ErrorBody withMessage(
            int status,
            JsonNode root,
            String message,
            Optional<String> type,
            Optional<String> param,
            Optional<JsonNode> code,
            List<FieldError> fieldErrors) {
        StringBuilder description =
                new StringBuilder("HTTP ").append(status).append(": ").append(message);
        if (type.isPresent() || param.isPresent()) {
            description.append(" (");
            type.ifPresent(t -> description.append("type ").append(t));
            if (type.isPresent() && param.isPresent()) {
                description.append(", ");
            }
            param.ifPresent(p -> description.append("param ").append(p));
            description.append(')');
        }
        return new ErrorBody(
                description.toString(),
                Optional.of(message),
                Optional.of(root),
                type,
                param,
                code,
                List.copyOf(fieldErrors));
    }

    private static FieldError fieldError(JsonNode item) {
        List<String> location = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        JsonNode loc = item.get("loc");
        if (loc != null && loc.isArray()) {
            for (int i = 0; i < loc.size(); i++) {
                JsonNode part = loc.get(i);
                String text = part.asText();
                location.add(text);
                if (i == 0 && loc.size() > 1 && FASTAPI_SOURCES.contains(text)) {
                    continue;
                }
                if (part.isIntegralNumber()) {
                    field.append('[').append(text).append(']');
                } else {
                    if (field.length() > 0) {
                        field.append('.');
                    }
                    field.append(text);
                }
            }
        }
        String message = textOf(item.get("msg"))
                .orElseGet(() -> textOf(item.get("message")).orElse(item.toString()));
        String name = field.length() > 0 ? field.toString() : "body";
        return new FieldError(name, message, textOf(item.get("type")), location.isEmpty() ? List.of(name) : location);
    }

    private static Optional<String> textOf(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    /** A body in no shape the SDK knows: its start stands for the message. */
    private static ErrorBody unrecognised(int status, JsonNode root, String body) {
        return new ErrorBody(
                "HTTP " + status + ": " + Json.snippet(body),
                Optional.empty(),
                Optional.of(root),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }
}
