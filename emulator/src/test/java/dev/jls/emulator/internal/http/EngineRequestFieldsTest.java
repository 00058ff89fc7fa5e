package dev.jls.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.emulator.internal.http.EngineRequestFields.Fields;
import dev.jls.emulator.internal.http.EngineRequestFields.Refusal;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EngineRequestFieldsTest {

    private static EngineRequestFields.Scan scan(String body) {
        return EngineRequestFields.scan(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsModelAndStreamAtTheTopLevelOnly() {
        assertThat(scan("{\"messages\": [{\"model\": \"x\", \"stream\": true}], \"model\": \"qwen\","
                        + " \"stream\": true, \"stream_options\": {\"include_usage\": true}}"))
                .isEqualTo(new Fields("qwen", true));
        assertThat(scan("{\"messages\": [{\"stream\": true}]}")).isEqualTo(new Fields(null, false));
        assertThat(scan("{\"model\": null}")).isEqualTo(new Fields(null, false));
    }

    @Test
    void theLastOfARepeatedFieldCountsAsInATree() {
        assertThat(scan("{\"model\": 3, \"model\": \"a\", \"stream\": true, \"stream\": false}"))
                .isEqualTo(new Fields("a", false));
    }

    @Test
    void refusesWhatIsNotAJsonObjectNamingTheProblem() {
        assertThat(scan("")).isEqualTo(new Refusal("a JSON object body is required", null));
        assertThat(scan("  ")).isEqualTo(new Refusal("a JSON object body is required", null));
        assertThat(scan("[1, 2]")).isEqualTo(new Refusal("the body must be a JSON object", null));
        assertThat(scan("{\"model\": 7}")).isEqualTo(new Refusal("model must be a string", "model"));
        assertThat(scan("{\"model\": [\"a\"]}")).isEqualTo(new Refusal("model must be a string", "model"));
        assertThat(((Refusal) scan("{\"model\": \"a\", ")).message()).startsWith("JSON decode error: ");
        assertThat(((Refusal) scan("{\"a\": [1, }")).message()).startsWith("JSON decode error: ");
        assertThat(((Refusal) scan("[1, ")).message()).startsWith("JSON decode error: ");
    }

    /** {@code stream} is read as {@code JsonNode.asBoolean(false)} reads it, whatever its type. */
    @Property(tries = 200)
    void streamAgreesWithTheTreeReading(@ForAll @IntRange(min = 0, max = 9) int kind, @ForAll int number)
            throws Exception {
        String value = switch (kind) {
            case 0 -> "true";
            case 1 -> "false";
            case 2 -> "null";
            case 3 -> String.valueOf(number);
            case 4 -> "\" true \"";
            case 5 -> "\"false\"";
            case 6 -> number + ".5";
            case 7 -> "{\"a\": true}";
            case 8 -> "123456789012345678901234567890";
            default -> "[true]";
        };
        String body = "{\"stream\": " + value + "}";
        JsonNode tree = new ObjectMapper().readTree(body);
        assertThat(scan(body)).isEqualTo(new Fields(null, tree.path("stream").asBoolean(false)));
    }
}
