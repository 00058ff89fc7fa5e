package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployment spec's bounds, from the table the emulator's tests read too
 * ({@code docs/contract/deployment-spec.json}): the client refuses what the service refuses, with the
 * same field and message, and never what the service accepts.
 */
class DeploymentSpecContractTest {

    // Tests run in the module's directory; the table sits beside the HTTP reference, outside both modules.
    static final Path TABLE = Path.of("..", "docs", "contract", "deployment-spec.json");

    static Stream<Arguments> cases() throws IOException {
        JsonNode table = Json.readTree(Files.readString(TABLE));
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : table.get("cases")) {
            ObjectNode body = table.get("valid").deepCopy();
            c.path("remove").forEach(field -> body.remove(field.asText()));
            c.path("set").properties().forEach(entry -> body.set(entry.getKey(), entry.getValue()));
            List<FieldError> errors = new ArrayList<>();
            if (!c.has("server_only")) {
                c.get("errors")
                        .forEach(e -> errors.add(new FieldError(
                                e.get("field").asText(), e.get("message").asText())));
            }
            cases.add(Arguments.of(c.get("case").asText(), body, errors));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validateRefusesWhatTheServiceRefusesAndNothingElse(String name, ObjectNode body, List<FieldError> expected) {
        DeploymentSpec spec = DeploymentSpec.fromJson(body);

        if (expected.isEmpty()) {
            assertThat(spec.validate()).isSameAs(spec);
        } else {
            JlsValidationException e = catchThrowableOfType(JlsValidationException.class, spec::validate);
            assertThat(e).as("refused").isNotNull();
            assertThat(e.fieldErrors()).containsExactlyElementsOf(expected);
        }
    }
}
