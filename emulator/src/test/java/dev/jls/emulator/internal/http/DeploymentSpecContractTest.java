package dev.jls.emulator.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment spec's bounds, from the table the SDK's tests read too
 * ({@code docs/contract/deployment-spec.json}): a create body is read and checked as the server does,
 * with an engine for each of the hosted service's frameworks, and refused with exactly the errors listed.
 */
class DeploymentSpecContractTest {

    // Tests run in the module's directory; the table sits beside the HTTP reference, outside both modules.
    static final Path TABLE = Path.of("..", "docs", "contract", "deployment-spec.json");

    static Stream<Arguments> cases() throws IOException {
        JsonNode table = new ObjectMapper().readTree(Files.readString(TABLE));
        return StreamSupport.stream(table.get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("case").asText(), body(table.get("valid"), c), errors(c)));
    }

    /** The valid spec with the case's fields removed, then set. */
    private static ObjectNode body(JsonNode valid, JsonNode c) {
        ObjectNode body = valid.deepCopy();
        c.path("remove").forEach(field -> body.remove(field.asText()));
        c.path("set").properties().forEach(entry -> body.set(entry.getKey(), entry.getValue()));
        return body;
    }

    /** Every error the server answers, {@code server_only} ones included, as {@code field: message}. */
    private static List<String> errors(JsonNode c) {
        return StreamSupport.stream(c.get("errors").spliterator(), false)
                .map(e -> e.get("field").asText() + ": " + e.get("message").asText())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void createRefusesExactlyTheListedErrors(String name, ObjectNode body, List<String> expected) {
        List<FieldError> errors = new ArrayList<>();
        DeploymentSpec spec = SpecReader.spec(body, errors);
        errors.addAll(spec.validate(Set.copyOf(DeploymentSpec.KNOWN_FRAMEWORKS)));

        assertThat(errors).extracting(e -> e.field() + ": " + e.message()).containsExactlyElementsOf(expected);
    }
}
