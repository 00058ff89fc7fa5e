package dev.jls.emulator;

import static dev.jls.emulator.SimQwen.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatCompletionRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator's recorded events and the waits built on them, with real worker processes. */
@JlsEmulatorTest(gpus = "H100:2", virtualTime = true)
class EmulatorEventsTest {

    static JlsClient client;
    static JlsEmulator emulator;
    static RawHttp http;

    @BeforeAll
    static void connect(JlsClient c, JlsEmulator e, @EmulatorBaseUrl String baseUrl, @EmulatorApiKey String key) {
        client = c;
        emulator = e;
        http = new RawHttp(baseUrl, key);
    }

    private static ChatCompletionRequest chat(String text) {
        return SimQwen.chat(text, 4);
    }

    @Test
    void aRequestsStatesAndAWorkersLifeAreRecordedInOrder() {
        String dep = client.deployments()
                .create(spec("life").minWorkers(0).maxWorkers(1).idleTimeout(60).build());
        String id = client.requests().submit(dep, chat("hello")).id();
        EmulatorEvent completed = emulator.await().requestState(id, "Completed");

        // a cold start: the request waits for the worker's slot (Fetched) before it runs
        assertThat(emulator.events().requestStates(id)).containsExactly("Queued", "Fetched", "Processing", "Completed");
        assertThat(emulator.events().forRequest(id)).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EmulatorEvent.Kind.REQUEST);
            assertThat(e.deploymentId()).isEqualTo(dep);
            assertThat(e.tenant()).startsWith("tenant-");
        });
        assertThat(emulator.events().forRequest(id).get(2).details()).containsKey("worker");
        long worker =
                Long.parseLong(emulator.events().forRequest(id).get(2).details().get("worker"));

        emulator.time().advance(Duration.ofSeconds(60));
        // the GPUs' release is recorded just after the worker's stop: await the last event of its life
        emulator.await()
                .event(
                        e -> e.workerId() == worker
                                && e.kind() == EmulatorEvent.Kind.GPU
                                && e.state().equals("released"),
                        "worker's GPUs released");

        List<EmulatorEvent> life = emulator.events().forWorker(worker);
        assertThat(life)
                .extracting(e -> e.kind() + " " + e.state())
                .containsExactly(
                        "WORKER provisioning",
                        "GPU allocated",
                        "WORKER starting",
                        "WORKER launched",
                        "WORKER ready",
                        "WORKER stopping",
                        "WORKER stopped",
                        "GPU released");
        EmulatorEvent launched = life.get(3);
        assertThat(launched.details()).containsKeys("pid", "port", "gpus");
        assertThat(life.get(1).details().get("gpus"))
                .isEqualTo(life.get(7).details().get("gpus"));
        assertThat(completed.id()).isLessThan(life.get(5).id());
        assertThat(life.get(5).time()).isEqualTo(completed.time().plusSeconds(60));
        client.deployments().delete(dep);
        emulator.await().deploymentStatus(dep, "deleted");
        assertThat(emulator.events().forDeployment(dep))
                .filteredOn(e -> e.kind() == EmulatorEvent.Kind.DEPLOYMENT)
                .extracting(EmulatorEvent::state)
                .containsExactly("starting", "running", "deleting", "deleted");
    }

    @Test
    void aScalingDecisionSaysWhy() {
        String dep = client.deployments()
                .create(spec("scale")
                        .minWorkers(0)
                        .maxWorkers(0)
                        .concurrentRequests(1)
                        .build());
        emulator.await().deploymentStatus(dep, "running");
        for (int i = 0; i < 3; i++) {
            client.requests().submit(dep, chat("wait " + i));
        }
        assertThat(http.method("PATCH", "/management/" + dep, "{\"max_workers\": 2}")
                        .statusCode())
                .isEqualTo(200);

        assertThat(emulator.events().forDeployment(dep))
                .filteredOn(e -> e.kind() == EmulatorEvent.Kind.SCALING)
                .extracting(EmulatorEvent::state, EmulatorEvent::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "scale_up",
                        "scale up: 3 waiting, 0 on workers, 0 workers, target 2 (concurrent_requests 1, min 0,"
                                + " max 2)"));
        emulator.await().workers(dep, 2);
        emulator.await()
                .until(
                        events -> events.stream()
                                        .filter(e -> dep.equals(e.deploymentId())
                                                && e.state().equals("Completed"))
                                        .count()
                                == 3,
                        "the three requests complete");
        client.deployments().delete(dep);
        emulator.await().deploymentStatus(dep, "deleted");
    }

    @Test
    void aWaitThatTimesOutSaysWhatItAwaitedAndWhatHappened(EmulatorAwait await) {
        String dep = client.deployments()
                .create(spec("never").minWorkers(0).maxWorkers(0).build());
        await.deploymentStatus(dep, "running");

        assertThatThrownBy(() -> await.atMost(Duration.ofMillis(200)).workers(dep, 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("timed out after 200 ms awaiting deployment " + dep + " to have 1 ready worker")
                .hasMessageContaining("events of deployment " + dep + ":")
                .hasMessageContaining(dep + " starting")
                .hasMessageContaining(dep + " running")
                .hasMessageContaining("ready workers now: []");
        client.deployments().delete(dep);
    }

    @Test
    void awaitingAStateARequestCanNoLongerReachFailsAtOnce() {
        String dep = client.deployments()
                .create(spec("doomed").minWorkers(0).maxWorkers(0).waitTime(5).build());
        String id = client.requests().submit(dep, chat("doomed")).id();
        emulator.time().advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> emulator.await().requestState(id, "Completed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("awaited request " + id + " to reach Completed, but it ended Failed")
                .hasMessageContaining("wait_time")
                .hasMessageContaining("request " + id + " Queued");
        client.deployments().delete(dep);
    }
}
