package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.sdk.errors.StreamErrorException;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.internal.SseEvent;
import dev.jls.sdk.models.RequestError;
import java.util.function.Function;

/** How an OpenAI-style stream's events read: JSON items, an error object, or {@code [DONE]}. */
final class OpenAiEvents {

    static final String DONE = "[DONE]";

    private OpenAiEvents() {}

    static boolean isDone(SseEvent event) {
        return DONE.equals(event.data().trim());
    }

    /**
     * The item an event carries, or null for an event without data (a keep-alive).
     *
     * @throws StreamErrorException for {@code {"error": {...}}}
     * @throws dev.jls.sdk.errors.JlsInvalidDataException for data that is not JSON
     */
    static <T> T decode(SseEvent event, Function<JsonNode, T> decoder) {
        String data = event.data();
        if (data.isBlank()) {
            return null;
        }
        JsonNode json = Json.readTree(data);
        JsonNode error = json.get("error");
        if (error != null && !error.isNull() && !json.has("choices")) {
            throw new StreamErrorException(errorOf(error));
        }
        return decoder.apply(json);
    }

    private static RequestError errorOf(JsonNode error) {
        if (error.isObject()) {
            RequestError.Builder builder = RequestError.builder()
                    .message(error.path("message").asText("the server reported an error mid-stream"))
                    .type(error.path("type").asText("stream_error"));
            if (error.hasNonNull("param")) {
                builder.param(error.get("param").asText());
            }
            if (error.has("code")) {
                builder.code(error.get("code"));
            }
            return builder.build();
        }
        return RequestError.of("stream_error", error.asText());
    }
}
