package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.TENANT;
import static dev.jls.emulator.internal.core.CoreHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Workers that stop answering while they have requests in flight, and requests that never end: every
 * accepted request still reaches a final state, on a clock the test moves.
 */
class HungWorkersTest {

    private static final Duration TIMEOUT = CoreSettings.DEFAULT_UNRESPONSIVE_TIMEOUT;
    private static final Duration STEP = Duration.ofMillis(500);

    private final CoreHarness h = new CoreHarness();

    /** Moves the clock in small steps, as the emulator's ticks do, so that health checks go out. */
    private void pass(Duration total) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(STEP)) {
            h.advance(STEP);
        }
    }

    @Test
    void aWorkerThatLeavesItsHealthCheckUnansweredIsKilledAndItsRequestRetriedElsewhere() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        FakeLauncher.FakeWorker hung = h.launcher.launched.get(0);
        FakeEngines.Call call = h.engines.open().get(0);
        hung.liveness = Liveness.SILENT;

        pass(TIMEOUT.minus(STEP));
        assertThat(hung.isAlive()).as("killed before the timeout").isTrue();
        pass(TIMEOUT);

        assertThat(hung.isAlive()).isFalse();
        assertThat(hung.stopGrace)
                .as("killed at once, without waiting for SIGTERM")
                .isEqualTo(Duration.ZERO);
        assertThat(call.aborted).isTrue();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.PROCESSING);
        assertThat(h.launcher.launched).as("min_workers restored").hasSize(2);
        h.readyAll();
        h.answerAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void aRequestWhoseWorkersHangTwiceFailsWorkerUnresponsive() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        for (int i = 0; i < 2; i++) {
            h.launcher.alive().get(0).liveness = Liveness.SILENT;
            pass(TIMEOUT.plus(TIMEOUT));
            h.readyAll();
        }
        RequestView v = h.fetch(dep, req);
        assertThat(v.state()).isEqualTo(RequestState.FAILED);
        assertThat(v.failure().orElseThrow().type()).isEqualTo(FailureType.WORKER_UNRESPONSIVE);
        assertThat(v.failure().orElseThrow().message()).contains("health check");
    }

    @Test
    void aStreamWhoseWorkerHangsAfterItsFirstChunkFailsMidStream() {
        String dep = h.createRunning(spec(1, 1, 1));
        RecordingSink sink = h.submitLive(dep, true);
        FakeEngines.Call c = h.engines.open().get(0);
        c.respond(200, "text/event-stream");
        c.chunk("data: {\"choices\":[]}\n\n");
        h.launcher.launched.get(0).liveness = Liveness.SILENT;
        pass(TIMEOUT.plus(TIMEOUT));
        assertThat(sink.failure.type()).isEqualTo(FailureType.WORKER_UNRESPONSIVE);
        assertThat(sink.failedMidStream).isTrue();
        assertThat(c.aborted).isTrue();
    }

    @Test
    void anEngineWhoseTokenCountStandsStillWhileBusyIsUnresponsive() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        FakeLauncher.FakeWorker w = h.launcher.launched.get(0);
        w.liveness = new Liveness(true, OptionalLong.of(42));
        pass(TIMEOUT.plus(TIMEOUT));
        assertThat(w.isAlive()).isFalse();
        assertThat(h.fetch(dep, req).state()).as("retried on the replacement").isEqualTo(RequestState.PROCESSING);
    }

    @Test
    void aSlowWorkerThatKeepsProducingTokensIsLeftAlone() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        FakeLauncher.FakeWorker w = h.launcher.launched.get(0);
        for (int i = 0; i < 100; i++) {
            w.liveness = new Liveness(true, OptionalLong.of(i));
            h.advance(STEP);
        }
        assertThat(w.isAlive()).isTrue();
        h.answerAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void aStreamThatKeepsSendingIsProgressEvenWhenTheTokenCountIsStale() {
        String dep = h.createRunning(spec(1, 1, 1));
        RecordingSink sink = h.submitLive(dep, true);
        FakeLauncher.FakeWorker w = h.launcher.launched.get(0);
        w.liveness = new Liveness(true, OptionalLong.of(7));
        FakeEngines.Call c = h.engines.open().get(0);
        c.respond(200, "text/event-stream");
        for (int i = 0; i < 100; i++) {
            c.chunk("data: {\"choices\":[]}\n\n");
            h.advance(STEP);
        }
        assertThat(w.isAlive()).isTrue();
        assertThat(sink.failure).isNull();
    }

    @Test
    void anIdleWorkerIsNotWatchedAndAPauseOfTheEmulatorCondemnsNoWorker() {
        String dep = h.createRunning(spec(1, 1, 1));
        FakeLauncher.FakeWorker w = h.launcher.launched.get(0);
        w.liveness = Liveness.SILENT;
        pass(TIMEOUT.multipliedBy(3));
        assertThat(w.isAlive()).as("idle: nothing to watch").isTrue();

        w.liveness = new Liveness(true, OptionalLong.empty());
        String req = h.submit(dep);
        // one long jump, as when the emulator's process was paused: no check was left unanswered
        h.advance(TIMEOUT.multipliedBy(3));
        h.advance(STEP);
        assertThat(w.isAlive()).isTrue();
        h.answerAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void aRequestThatNeverEndsFailsRequestTimeoutWhateverItsState() {
        String dep = h.create(spec(0, 1, 1, 60, 0)); // wait_time 0: no wait limit
        String waiting = h.submit(dep); // Fetched: its worker never becomes ready
        RecordingSink sink = h.submitLive(dep, false);
        h.advance(CoreSettings.DEFAULT_REQUEST_TIMEOUT.minusSeconds(1));
        assertThat(h.fetch(dep, waiting).state().isFinal()).isFalse();
        h.advance(Duration.ofSeconds(1));

        RequestView v = h.fetch(dep, waiting);
        assertThat(v.state()).isEqualTo(RequestState.FAILED);
        assertThat(v.failure().orElseThrow().type()).isEqualTo(FailureType.REQUEST_TIMEOUT);
        assertThat(sink.failure.type()).isEqualTo(FailureType.REQUEST_TIMEOUT);
    }

    @Test
    void aProcessingRequestPastTheRequestTimeoutFailsAndFreesItsSlot() {
        String dep = h.createRunning(spec(1, 1, 1));
        String first = h.submit(dep);
        FakeEngines.Call call = h.engines.open().get(0);
        // the worker answers its checks and its count moves, but this answer never comes
        FakeLauncher.FakeWorker w = h.launcher.launched.get(0);
        long minutes = CoreSettings.DEFAULT_REQUEST_TIMEOUT.toMinutes();
        for (long i = 0; i <= minutes * 60; i++) {
            w.liveness = new Liveness(true, OptionalLong.of(i));
            h.advance(Duration.ofSeconds(1));
        }
        assertThat(h.fetch(dep, first).failure().orElseThrow().type()).isEqualTo(FailureType.REQUEST_TIMEOUT);
        assertThat(call.aborted).isTrue();
        String second = h.submit(dep);
        assertThat(h.fetch(dep, second).state()).isEqualTo(RequestState.PROCESSING);
    }

    @Test
    void connectionsToAWorkerAreClosedWhenItIsGone() {
        String dep = h.createRunning(spec(1, 1, 1));
        int port = h.launcher.launched.get(0).port;
        h.cluster.delete(TENANT, dep);
        h.drain();
        assertThat(h.engines.forgotten).containsExactly(port);
    }

    @Test
    void listenersHearThatADeletedDeploymentIsGone() {
        List<String> removed = new ArrayList<>();
        h.cluster.addListener(new ClusterListener() {
            @Override
            public void deploymentRemoved(String deploymentId) {
                removed.add(deploymentId);
            }
        });
        String dep = h.createRunning(spec(1, 1, 1));
        h.cluster.delete(TENANT, dep);
        h.drain();
        assertThat(removed).containsExactly(dep);
    }

    @Test
    void eachTenantsMetricsCountOnlyItsOwnRequests() {
        String dep = h.createRunning(spec(1, 1, 1));
        h.submit(dep);
        h.answerAll();
        ClusterMetrics mine = h.cluster.metrics(TENANT);
        ClusterMetrics other = h.cluster.metrics("tenant-2");
        assertThat(mine.requestsReached().get(RequestState.COMPLETED)).isEqualTo(1);
        assertThat(mine.requestDuration().count()).isEqualTo(1);
        assertThat(mine.deployments()).hasSize(1);
        assertThat(other.requestsReached().values()).containsOnly(0L);
        assertThat(other.requestDuration().count()).isZero();
        assertThat(other.queueWait().count()).isZero();
        assertThat(other.deployments()).isEmpty();
        assertThat(other.gpus()).hasSameSizeAs(mine.gpus());
    }
}
