package dev.jls.emulator;

import static dev.jls.emulator.SimQwen.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.ResultExpiredException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.RequestResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time-driven rules on virtual time: what would take minutes of waiting fires at once, in order, when
 * the test advances the clock. Worker processes are real (the simulated engine).
 */
@JlsEmulatorTest(gpus = "H100:2", virtualTime = true, options = "--result-retention=1h")
class VirtualTimeTest {

    static JlsClient client;
    static JlsEmulator emulator;

    @BeforeAll
    static void connect(JlsClient c, JlsEmulator e) {
        client = c;
        emulator = e;
    }

    private static ChatCompletionRequest chat(String text) {
        return SimQwen.chat(text, 4);
    }

    @Test
    void theClockStandsStillUntilAdvanced() {
        EmulatorTime time = emulator.time();
        assertThat(time.isVirtual()).isTrue();
        Instant before = time.now();
        time.advance(Duration.ofMinutes(90));
        assertThat(time.now()).isEqualTo(before.plus(Duration.ofMinutes(90)));
    }

    @Test
    void anIdleWorkerStopsAfterIdleTimeoutOfVirtualTimeAndAColdStartServesTheNextRequest() {
        String dep = client.deployments()
                .create(spec("idle")
                        .minWorkers(0)
                        .maxWorkers(1)
                        .idleTimeout(300)
                        .build());
        String first = client.requests().submit(dep, chat("first")).id();
        client.requests().awaitChatCompletion(dep, first);
        emulator.await().workers(dep, 1);
        long worker = emulator.events().forDeployment(dep).stream()
                .filter(e -> e.state().equals("ready"))
                .findFirst()
                .orElseThrow()
                .workerId();
        long pid = Long.parseLong(emulator.events().forWorker(worker).stream()
                .filter(e -> e.state().equals("launched"))
                .findFirst()
                .orElseThrow()
                .details()
                .get("pid"));

        emulator.time().advance(Duration.ofSeconds(299));
        assertThat(emulator.events().forWorker(worker))
                .extracting(EmulatorEvent::state)
                .doesNotContain("stopping");

        emulator.time().advance(Duration.ofSeconds(1));
        assertThat(emulator.events().forWorker(worker))
                .extracting(EmulatorEvent::state)
                .contains("stopping");
        emulator.await().event(e -> e.workerId() == worker && e.state().equals("stopped"), "worker stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the worker's process is gone")
                .isFalse();
        assertThat(emulator.events().forDeployment(dep))
                .filteredOn(
                        e -> e.kind() == EmulatorEvent.Kind.SCALING && e.state().equals("scale_down"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("idle_timeout 300 s"));

        ChatCompletion again = client.requests()
                .awaitChatCompletion(
                        dep, client.requests().submit(dep, chat("second")).id());
        assertThat(again.choices()).isNotEmpty();
        client.deployments().delete(dep);
        emulator.await().deploymentStatus(dep, "deleted");
    }

    @Test
    void aWaitingRequestFailsWithQueueTimeoutOnceWaitTimeHasPassed() {
        // max_workers 0: nothing will ever serve it
        String dep = client.deployments()
                .create(spec("wait").minWorkers(0).maxWorkers(0).waitTime(30).build());
        String id = client.requests().submit(dep, chat("waits")).id();

        emulator.time().advance(Duration.ofSeconds(29));
        assertThat(emulator.events().requestStates(id)).containsExactly("Queued");

        emulator.time().advance(Duration.ofSeconds(1));
        EmulatorEvent failed = emulator.await().requestState(id, "Failed");
        assertThat(failed.details()).containsEntry("failure", "queue_timeout");
        assertThat(client.requests().fetch(dep, id)).isInstanceOf(RequestResult.Failed.class);
        client.deployments().delete(dep);
    }

    @Test
    void aFinishedRequestsResultExpiresAfterTheRetention() {
        String dep = client.deployments()
                .create(spec("retention")
                        .minWorkers(0)
                        .maxWorkers(0)
                        .waitTime(10)
                        .build());
        String id = client.requests().submit(dep, chat("expires")).id();
        emulator.time().advance(Duration.ofSeconds(10));
        emulator.await().requestState(id, "Failed");

        emulator.time().advance(Duration.ofMinutes(59));
        assertThat(client.requests().fetch(dep, id)).isInstanceOf(RequestResult.Failed.class);
        emulator.time().advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> client.requests().fetch(dep, id)).isInstanceOf(ResultExpiredException.class);
        client.deployments().delete(dep);
    }

    @Test
    void whatFallsDueFiresInTheOrderItFallsDue() {
        // submitted first, due last
        String late = client.deployments()
                .create(spec("late").minWorkers(0).maxWorkers(0).waitTime(20).build());
        String early = client.deployments()
                .create(spec("early").minWorkers(0).maxWorkers(0).waitTime(10).build());
        String lateRequest = client.requests().submit(late, chat("late")).id();
        String earlyRequest = client.requests().submit(early, chat("early")).id();
        Instant start = emulator.time().now();

        emulator.time().advance(Duration.ofSeconds(30));

        List<EmulatorEvent> failures = emulator.events().all().stream()
                .filter(e -> e.state().equals("Failed")
                        && (e.requestId().equals(lateRequest) || e.requestId().equals(earlyRequest)))
                .toList();
        assertThat(failures).extracting(EmulatorEvent::requestId).containsExactly(earlyRequest, lateRequest);
        assertThat(failures.get(0).time()).isEqualTo(start.plusSeconds(10));
        assertThat(failures.get(1).time()).isEqualTo(start.plusSeconds(20));
        client.deployments().delete(late);
        client.deployments().delete(early);
    }

    @Test
    void advancingTheClockDoesNotMakeABusyWorkerLookHung() {
        // 40 tokens at 20 a second: the answer takes about two seconds of real time
        String dep = client.deployments()
                .create(spec("busy")
                        .minWorkers(1)
                        .maxWorkers(1)
                        .putEnv("JLS_SIM_TOKENS_PER_SECOND", "20")
                        .build());
        emulator.await().workers(dep, 1);
        String id = client.requests()
                .submit(
                        dep,
                        ChatCompletionRequest.builder()
                                .model("qwen")
                                .messages(List.of(ChatMessage.user("slowly")))
                                .maxTokens(40)
                                .build())
                .id();
        emulator.await().requestState(id, "Processing");

        // far past the unresponsive timeout (10 s), within the request timeout (30 min)
        emulator.time().advance(Duration.ofMinutes(5));

        emulator.await().requestState(id, "Completed");
        assertThat(emulator.events().forDeployment(dep))
                .extracting(EmulatorEvent::state)
                .doesNotContain("unresponsive", "crashed");
        client.deployments().delete(dep);
        emulator.await().deploymentStatus(dep, "deleted");
    }

    @Test
    void withoutVirtualTimeAdvanceSaysHowToTurnItOn() {
        try (JlsEmulator real = JlsEmulator.builder()
                .options(new EmulatorOptions().port(0).gpus("H100:1").engine(EngineChoice.SIM))
                .build()
                .start()) {
            assertThat(real.time().isVirtual()).isFalse();
            assertThatThrownBy(() -> real.time().advance(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JlsEmulator.builder().virtualTime()")
                    .hasMessageContaining("@JlsEmulatorTest(virtualTime = true)");
        }
    }
}
