package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.TENANT;
import static dev.jls.emulator.internal.core.CoreHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Cluster#reset()}: every request ends and is forgotten; deployments and workers stay. */
class ClusterResetTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void aResetEndsEveryUnfinishedRequestForgetsEveryRequestAndKeepsTheWorkers() {
        String dep = h.createRunning(spec(1, 1, 1));
        String done = h.submit(dep);
        h.answerAll();
        assertThat(h.fetch(dep, done).state()).isEqualTo(RequestState.COMPLETED);

        String onWorker = h.submit(dep);
        String waiting = h.submit(dep);
        String keyed = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("k"));
        RecordingSink live = h.submitLive(dep, false);
        assertThat(h.fetch(dep, onWorker).state()).isEqualTo(RequestState.PROCESSING);
        assertThat(h.fetch(dep, waiting).state()).isEqualTo(RequestState.QUEUED);
        int launched = h.launcher.launched.size();

        assertThat(h.cluster.reset()).isEqualTo(4);
        h.drain();

        // each ended Failed, saying why, and is forgotten
        for (String id : List.of(onWorker, waiting, keyed)) {
            List<ClusterEvent> events = h.cluster.events().all().stream()
                    .filter(e -> id.equals(e.requestId()))
                    .toList();
            assertThat(events.get(events.size() - 1).state()).isEqualTo("Failed");
            assertThat(events.get(events.size() - 1).details()).containsEntry("failure", "emulator_reset");
        }
        assertThat(live.failure.type()).isEqualTo(FailureType.EMULATOR_RESET);
        for (String id : List.of(done, onWorker, waiting, keyed)) {
            assertThatThrownBy(() -> h.fetch(dep, id))
                    .isInstanceOfSatisfying(
                            CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
        }

        // the same worker, free again; a forgotten idempotency key makes a new request
        assertThat(h.launcher.launched).hasSize(launched);
        assertThat(h.get(dep).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.healthy()).isTrue());
        String again = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("k"));
        h.drain();
        assertThat(again).isNotEqualTo(keyed);
        assertThat(h.fetch(dep, again).state()).isEqualTo(RequestState.PROCESSING);
    }

    @Test
    void aResetWithNothingToEndEndsNothing() {
        String dep = h.create(spec(0, 1, 1));

        assertThat(h.cluster.reset()).isZero();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
    }
}
