package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.support.ExampleSpecs;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentValidationTest {

    static DeploymentSpec.Builder valid() {
        return ExampleSpecs.qwen();
    }

    /** One case of {@link #eachBoundNamesItsField}: a change that breaks a valid spec, and the error it must give. */
    static Arguments violation(UnaryOperator<DeploymentSpec.Builder> change, String field, String message) {
        return Arguments.of(change, field, message);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                violation(b -> b.name("  "), "name", "must not be blank"),
                violation(b -> b.gpusToUse(List.of("H100", " ")), "gpus_to_use.gpus.1", "must not be blank"),
                violation(b -> b.gpusPerWorker(0), "gpus_per_worker", "must be at least 1"),
                violation(b -> b.minWorkers(-1), "min_workers", "must be between 0 and 100"),
                violation(b -> b.minWorkers(101).maxWorkers(100), "min_workers", "must be between 0 and 100"),
                violation(b -> b.maxWorkers(101), "max_workers", "must be between 0 and 100"),
                violation(b -> b.minWorkers(3).maxWorkers(2), "min_workers", "must not be greater than max_workers"),
                violation(b -> b.concurrentRequests(0), "concurrent_requests", "must be between 1 and 100"),
                violation(b -> b.concurrentRequests(101), "concurrent_requests", "must be between 1 and 100"),
                violation(b -> b.idleTimeout(-1), "idle_timeout", "must be between 0 and 86400"),
                violation(b -> b.idleTimeout(86_401), "idle_timeout", "must be between 0 and 86400"),
                violation(b -> b.waitTime(-1), "wait_time", "must be between 0 and 600"),
                violation(b -> b.waitTime(601), "wait_time", "must be between 0 and 600"),
                violation(b -> b.storage(49), "storage", "must be at least 50"),
                violation(b -> b.args(java.util.Map.of("max-model-len", "8")), "args.model", "is required"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("violations")
    void eachBoundNamesItsField(UnaryOperator<DeploymentSpec.Builder> change, String field, String message) {
        DeploymentSpec spec = change.apply(valid()).build();

        JlsValidationException e = catchThrowableOfType(JlsValidationException.class, spec::validate);

        assertThat(e.field()).isEqualTo(field);
        assertThat(e.fieldErrors()).containsExactly(new FieldError(field, message));
        assertThat(e).hasMessage(field + ": " + message);
    }

    @Test
    void theEdgesOfEveryBoundAreAccepted() {
        valid().minWorkers(0)
                .maxWorkers(1)
                .concurrentRequests(1)
                .idleTimeout(0)
                .waitTime(0)
                .storage(50)
                .build()
                .validate();
        valid().minWorkers(100)
                .maxWorkers(100)
                .concurrentRequests(100)
                .idleTimeout(86_400)
                .waitTime(600)
                .gpusPerWorker(8)
                .framework(Framework.OLLAMA)
                .build()
                .validate();
        valid().minWorkers(2).maxWorkers(2).framework(Framework.SGLANG).build().validate();
        valid().minWorkers(0).maxWorkers(0).build().validate();
    }

    @Test
    void whatOnlyTheServerCanJudgeIsLeftToIt() {
        // An emulator runs the frameworks it has engines for; the service names an unnamed deployment
        // after its model and runs it on any GPU when none is named.
        valid().framework("tgi").build().validate();
        valid().remove("name").remove("gpus_to_use").build().validate();
        valid().gpusToUse(List.of())
                .putEnv("LD_PRELOAD", "x")
                .putArg("port", "1")
                .build()
                .validate();
    }

    @Test
    void unsetOptionalFieldsAreLeftToTheService() {
        DeploymentSpec minimal = DeploymentSpec.builder()
                .name("q")
                .gpusToUse(List.of("H100"))
                .model("m")
                .build();

        assertThat(minimal.validate()).isSameAs(minimal);
        assertThat(Json.write(minimal))
                .isEqualTo("{\"name\":\"q\",\"gpus_to_use\":{\"gpus\":[\"H100\"]},\"args\":{\"model\":\"m\"}}");
    }

    @Test
    void everyViolationIsListedTheFirstNamed() {
        DeploymentSpec bad =
                DeploymentSpec.builder().minWorkers(200).storage(10).build();

        JlsValidationException e = catchThrowableOfType(JlsValidationException.class, bad::validate);

        assertThat(e.fieldErrors())
                .extracting(FieldError::field)
                .containsExactly("name", "min_workers", "storage", "args.model");
        assertThat(e.field()).isEqualTo("name");
        assertThat(e.getMessage()).contains("min_workers: must be between 0 and 100; storage: must be at least 50");
    }

    @Test
    void buildDoesNotValidate() {
        assertThat(DeploymentSpec.builder().maxWorkers(500).build().maxWorkers())
                .contains(500);
    }

    @Test
    void updateBounds() {
        assertThat(DeploymentUpdate.builder()
                        .name("n")
                        .idleTimeout(0)
                        .waitTime(600)
                        .build()
                        .validate())
                .isNotNull();
        assertThat(DeploymentUpdate.builder().build().validate()).isNotNull();
        assertThatThrownBy(
                        () -> DeploymentUpdate.builder().waitTime(601).build().validate())
                .isInstanceOf(JlsValidationException.class)
                .hasMessage("wait_time: must be between 0 and 600");
        assertThatThrownBy(
                        () -> DeploymentUpdate.builder().idleTimeout(-5).build().validate())
                .isInstanceOf(JlsValidationException.class)
                .hasMessage("idle_timeout: must be between 0 and 86400");
        assertThatThrownBy(() -> DeploymentUpdate.builder().name("").build().validate())
                .isInstanceOf(JlsValidationException.class)
                .hasMessage("name: must not be blank");
        assertThat(Json.write(DeploymentUpdate.builder().waitTime(30).build())).isEqualTo("{\"wait_time\":30}");
        assertThat(DeploymentUpdate.builder()
                        .minWorkers(0)
                        .maxWorkers(100)
                        .build()
                        .validate())
                .isNotNull();
        assertThatThrownBy(() -> DeploymentUpdate.builder()
                        .minWorkers(3)
                        .maxWorkers(2)
                        .build()
                        .validate())
                .isInstanceOf(JlsValidationException.class)
                .hasMessage("min_workers: must not be greater than max_workers");
        assertThatThrownBy(
                        () -> DeploymentUpdate.builder().maxWorkers(101).build().validate())
                .isInstanceOf(JlsValidationException.class)
                .hasMessage("max_workers: must be between 0 and 100");
        assertThat(Json.write(DeploymentUpdate.builder().maxWorkers(0).build())).isEqualTo("{\"max_workers\":0}");
    }
}
