package dev.jls.cli.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.cli.Output;

/** The readable part of an engine's answer, from its raw JSON (chat or text completion). */
public final class Answers {

    private Answers() {}

    /** The first choice's text: a chat message's content, or a text completion's text. */
    public static String text(JsonNode body) {
        JsonNode choice = body.path("choices").path(0);
        if (choice.has("message")) {
            return choice.path("message").path("content").asText("");
        }
        return choice.path("text").asText("");
    }

    /** The first choice's reasoning, when the model gave one. */
    public static String reasoning(JsonNode body) {
        JsonNode message = body.path("choices").path(0).path("message");
        JsonNode reasoning =
                message.has("reasoning_content") ? message.get("reasoning_content") : message.get("reasoning");
        return reasoning == null || reasoning.isNull() ? "" : reasoning.asText("");
    }

    /** Prints the answer for a person: the text on standard output, token usage on standard error. */
    public static void print(Output out, JsonNode body) {
        String reasoning = reasoning(body);
        if (!reasoning.isEmpty()) {
            out.out().println(out.dim(reasoning));
        }
        out.out().println(text(body));
        out.out().flush();
        JsonNode usage = body.path("usage");
        if (usage.isObject()) {
            out.note(out.dim(usage.path("prompt_tokens").asInt() + " prompt + "
                    + usage.path("completion_tokens").asInt()
                    + " completion tokens, finish reason "
                    + body.path("choices").path(0).path("finish_reason").asText("-")));
        }
    }
}
