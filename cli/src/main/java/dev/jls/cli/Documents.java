package dev.jls.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON documents the command line reads (profiles, request files) and writes ({@code -o json}). */
public final class Documents {

    // In a holder so that commands which print no JSON (--version, --help) do not pay for Jackson.
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    private Documents() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses JSON text; the message of the exception says where it went wrong. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = Mapper.INSTANCE.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty input, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static String pretty(JsonNode node) {
        try {
            return Mapper.INSTANCE.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
