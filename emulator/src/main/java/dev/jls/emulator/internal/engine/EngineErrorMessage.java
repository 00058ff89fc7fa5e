package dev.jls.emulator.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How an engine's error answer reads in a failed request, shared by every {@link
 * dev.jls.emulator.internal.core.EngineClient} adapter and by fakes that answer as an engine would, so
 * that the words a user sees do not depend on which client forwarded the request.
 */
public final class EngineErrorMessage {

    private static final int MESSAGE_START_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineErrorMessage() {}

    /** See {@link dev.jls.emulator.internal.core.EngineClient#errorMessage}. */
    public static String of(int status, byte[] body) {
        try {
            // the first "message" at any depth: vLLM puts it at the top, OpenAI's shape under "error"
            JsonNode message = JSON.readTree(body).findValue("message");
            if (message != null && message.isTextual()) {
                return message.asText();
            }
        } catch (IOException notJson) {
            // an engine that fails before its JSON layer (a proxy, a crash page) says it in plain text
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String start = text.length() > MESSAGE_START_CHARS ? text.substring(0, MESSAGE_START_CHARS) + "…" : text;
        return "the engine answered " + status + (start.isBlank() ? "" : ": " + start);
    }
}
