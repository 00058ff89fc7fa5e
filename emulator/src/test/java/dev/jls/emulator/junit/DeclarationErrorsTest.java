package dev.jls.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatCompletionRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What a test author sees when a declaration or a parameter is wrong: the classes below are run here,
 * through the JUnit launcher, and their failures read. They run only from here (the property below),
 * never on their own.
 */
class DeclarationErrorsTest {

    private static final String FIXTURES = "jls.declared.fixtures";

    @Test
    void badDeclarationsFailTheClassNamingEachAttribute() {
        Map<String, Throwable> failures = run(BadDeclarations.class);

        assertThat(failures).containsOnlyKeys("BadDeclarations");
        Throwable t = failures.get("BadDeclarations");
        assertThat(t).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(t.getMessage())
                .contains("bad deployment declarations on " + BadDeclarations.class.getName())
                .contains("@JlsDeployment(name = \"a\").minWorkers: 3 must not be greater than maxWorkers (2)")
                .contains("@JlsDeployment(name = \"b\").faults.errorRate: rate must be between 0 and 1, was 1.5")
                .contains("@JlsDeployment(name = \"b\").env: \"NO_EQUALS\" is not NAME=VALUE")
                .contains("@JlsDeployment(name = \"c\").idleTimeout: must be between 0 and 86400")
                .contains("@JlsDeployment(name = \"a\").name: is declared twice");
    }

    @Test
    void aNameThatIsNotDeclaredIsAParameterErrorListingTheDeclaredOnes() {
        Map<String, Throwable> failures = run(Parameters.class);

        assertThat(failures).containsOnlyKeys("unknownName(String)", "wrongType(Integer)");
        assertThat(failures.get("unknownName(String)"))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("no deployment named \"other\" is declared on " + Parameters.class.getName())
                .hasMessageContaining("declared: chat");
        assertThat(failures.get("wrongType(Integer)"))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("@Declared goes on a DeclaredDeployment or a String");
    }

    @Test
    void anExtensionRegisteredInCodeCreatesTheDeclaredDeploymentsAndResets() {
        assertThat(run(RegisteredInCode.class)).isEmpty();
        assertThat(RegisteredInCode.resetEndedTheRequest).isTrue();
    }

    /** Runs {@code fixture} and returns its failures by display name (a class's by its simple name). */
    private static Map<String, Throwable> run(Class<?> fixture) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        System.setProperty(FIXTURES, "true");
        try {
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(DiscoverySelectors.selectClass(fixture))
                                    .build(),
                            new TestExecutionListener() {
                                @Override
                                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                    // a nested class shows as Outer$Nested
                                    String name = id.getDisplayName();
                                    result.getThrowable()
                                            .ifPresent(t -> failures.put(name.substring(name.lastIndexOf('$') + 1), t));
                                }
                            });
        } finally {
            System.clearProperty(FIXTURES);
        }
        return failures;
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    @JlsEmulatorTest
    @JlsDeployment(name = "a", model = "Qwen/Qwen3-0.6B", minWorkers = 3, maxWorkers = 2)
    @JlsDeployment(
            name = "b",
            model = "Qwen/Qwen3-0.6B",
            env = {"NO_EQUALS"},
            faults = @JlsFaults(errorRate = 1.5))
    @JlsDeployment(name = "c", model = "Qwen/Qwen3-0.6B", idleTimeout = 100_000)
    @JlsDeployment(name = "a", model = "Qwen/Qwen3-0.6B")
    static class BadDeclarations {
        @Test
        void neverRuns() {}
    }

    /** No worker ever starts (max 0): the request waits until the reset ends it. */
    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    @JlsDeployment(name = "chat", model = "Qwen/Qwen3-0.6B", minWorkers = 0, maxWorkers = 0)
    static class RegisteredInCode {
        @RegisterExtension
        static JlsEmulatorExtension emulator = new JlsEmulatorExtension(JlsEmulator.builder()).resetBetweenTests(true);

        static volatile boolean resetEndedTheRequest;

        @AfterAll
        static void readTheEvents() {
            resetEndedTheRequest = emulator.emulator().events().all().stream()
                    .anyMatch(e -> "emulator_reset".equals(e.details().get("failure")));
        }

        @Test
        void queuesARequestTheResetEnds(DeclaredDeployment chat, JlsClient client) {
            assertThat(chat.name()).isEqualTo("chat");
            client.requests()
                    .submit(
                            chat.id(),
                            ChatCompletionRequest.builder()
                                    .model(chat.servedModel())
                                    .addUserMessage("hi")
                                    .build());
        }
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    @JlsEmulatorTest
    @JlsDeployment(name = "chat", model = "Qwen/Qwen3-0.6B", minWorkers = 0)
    static class Parameters {
        @Test
        void theOnlyDeclaredOneNeedsNoName(DeclaredDeployment chat, @Declared("chat") String id) {
            assertThat(chat.id()).isEqualTo(id);
        }

        @Test
        void unknownName(@Declared("other") String id) {}

        @Test
        void wrongType(@Declared("chat") Integer id) {}
    }
}
