package dev.jls.samples.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.EmulatorEvent;
import dev.jls.emulator.JlsEmulator;
import dev.jls.emulator.junit.Declared;
import dev.jls.emulator.junit.DeclaredDeployment;
import dev.jls.emulator.junit.JlsDeployment;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.emulator.junit.JlsFaults;
import dev.jls.sdk.JlsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test of an application service, step by step as docs/testing.md teaches it: the deployments it
 * needs are declared on the class, each test starts from no request and no fault (the reset between
 * tests), faults make the model fail on demand, and virtual time makes a five-minute idle timeout pass
 * at once.
 */
@JlsEmulatorTest(gpus = "L4:3", virtualTime = true, resetBetweenTests = true)
@JlsDeployment(name = "summaries", model = "Qwen/Qwen3-0.6B", servedModelName = "qwen")
@JlsDeployment(
        name = "on-demand",
        model = "Qwen/Qwen3-0.6B",
        servedModelName = "qwen",
        minWorkers = 0,
        maxWorkers = 1,
        idleTimeout = 300,
        faults = @JlsFaults(coldStartMs = 500))
class SummaryServiceTest {

    private static final String TEXT = "The March invoice was charged twice; the customer asks for a refund.";

    private static SummaryService service(JlsClient client, DeclaredDeployment deployment) {
        return new SummaryService(client, deployment.id(), deployment.servedModel(), 3);
    }

    @Test
    void summarizesAText(JlsClient client, @Declared("summaries") DeclaredDeployment summaries) {
        SummaryService.Summary summary = service(client, summaries).summarize(TEXT);

        assertThat(summary.text()).isNotBlank();
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(summary.fallback()).isFalse();
    }

    @Test
    void aCrashedWorkerDoesNotReachTheCaller(
            JlsClient client, JlsEmulator emulator, @Declared("summaries") DeclaredDeployment summaries) {
        long worker = readyWorkers(emulator, summaries.id()).get(0);
        emulator.faults().worker(summaries.id(), worker).crashOnNextRequest();

        SummaryService.Summary summary = service(client, summaries).summarize(TEXT);

        // the emulator tried the request again on a replacement worker, as the hosted service does
        assertThat(summary.fallback()).isFalse();
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(emulator.events().forWorker(worker))
                .extracting(EmulatorEvent::state)
                .contains("crashed");
        assertThat(readyWorkers(emulator, summaries.id())).hasSize(1).doesNotContain(worker);
    }

    @Test
    void answersTheFallbackWhenTheModelKeepsFailing(
            JlsClient client, JlsEmulator emulator, @Declared("summaries") DeclaredDeployment summaries) {
        emulator.faults().deployment(summaries.id()).errorRate(1.0, 42);

        SummaryService.Summary summary = service(client, summaries).summarize(TEXT);

        assertThat(summary).isEqualTo(new SummaryService.Summary(SummaryService.FALLBACK, 3, true));
    }

    @Test
    void scalesToZeroWhenIdleAndStartsColdAgain(
            JlsClient client, JlsEmulator emulator, @Declared("on-demand") DeclaredDeployment onDemand) {
        SummaryService service = service(client, onDemand);

        assertThat(service.summarize(TEXT).fallback()).isFalse(); // a cold start: no worker ran before
        emulator.time().advance(Duration.ofMinutes(5).plusSeconds(1)); // past idle_timeout (300 s)
        emulator.await().workers(onDemand.id(), 0);
        assertThat(service.summarize(TEXT).fallback()).isFalse(); // a second cold start

        List<String> scaling = emulator.events().forDeployment(onDemand.id()).stream()
                .filter(e -> e.kind() == EmulatorEvent.Kind.SCALING)
                .map(EmulatorEvent::state)
                .toList();
        assertThat(scaling).containsExactly("scale_up", "scale_down", "scale_up");
    }

    /** The ids of the deployment's ready workers, as its events show them. */
    private static List<Long> readyWorkers(JlsEmulator emulator, String deploymentId) {
        List<Long> ready = new ArrayList<>();
        for (EmulatorEvent e : emulator.events().forDeployment(deploymentId)) {
            if (e.kind() != EmulatorEvent.Kind.WORKER) {
                continue;
            }
            if (e.state().equals("ready")) {
                ready.add(e.workerId());
            } else if (List.of("stopping", "stopped", "crashed", "unresponsive").contains(e.state())) {
                ready.remove(Long.valueOf(e.workerId()));
            }
        }
        return ready;
    }
}
