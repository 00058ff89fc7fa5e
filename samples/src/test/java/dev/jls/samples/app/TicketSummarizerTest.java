package dev.jls.samples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.models.DeploymentSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application's integration test as its authors would write it: {@code @JlsEmulatorTest} starts a
 * local emulator for the class and hands the tests a ready {@link JlsClient}; the test deploys a model
 * once, then exercises the application against it.
 */
@JlsEmulatorTest
class TicketSummarizerTest {

    private static String deploymentId;

    @BeforeAll
    static void deployModel(JlsClient client) {
        deploymentId = client.deployments()
                .create(DeploymentSpec.builder()
                        .name("ticket-summarizer")
                        .gpusToUse(List.of("L4"))
                        .minWorkers(1)
                        .maxWorkers(1)
                        .concurrentRequests(4)
                        .model("Qwen/Qwen3-0.6B")
                        .servedModelName("qwen")
                        .build());
        client.deployments().awaitRunning(deploymentId);
    }

    @AfterAll
    static void deleteModel(JlsClient client) {
        client.deployments().delete(deploymentId);
    }

    @Test
    void summarizesATicketInOneLine(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, deploymentId, 24);

        TicketSummarizer.Summary summary = summarizer.summarize("""
                My invoice for March was charged twice.
                Please refund the second payment.
                """);

        assertThat(summary.text()).isNotBlank().doesNotContain("\n");
        assertThat(summary.tokens()).isBetween(1, 24);
    }

    @Test
    void theSameTicketGetsTheSameSummary(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, deploymentId, 24);
        String ticket = "The export button does nothing in Firefox.";

        assertThat(summarizer.summarize(ticket)).isEqualTo(summarizer.summarize(ticket));
    }

    @Test
    void differentTicketsGetDifferentSummaries(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, deploymentId, 24);

        assertThat(summarizer.summarize("The export button does nothing in Firefox."))
                .isNotEqualTo(summarizer.summarize("I cannot log in since the password reset."));
    }

    @Test
    void aTightLimitCutsTheSummary(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, deploymentId, 3);

        TicketSummarizer.Summary summary = summarizer.summarize("The export button does nothing in Firefox.");

        assertThat(summary.cut()).isTrue();
        assertThat(summary.tokens()).isEqualTo(3);
    }

    @Test
    void aBlankTicketIsRefusedBeforeAnyCall(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, deploymentId, 24);

        assertThatThrownBy(() -> summarizer.summarize("  \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticket");
    }

    @Test
    void aMissingDeploymentIsNotFound(JlsClient client) {
        TicketSummarizer summarizer = new TicketSummarizer(client, "dep-000000000000", 24);

        assertThatThrownBy(() -> summarizer.summarize("Anything."))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
}
