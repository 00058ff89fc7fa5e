package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.TENANT;
import static dev.jls.emulator.internal.core.CoreHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.store.DataDir;
import dev.jls.emulator.internal.store.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core on a data directory, stopped and started again: what comes back, and what a restart does to
 * requests that were under way. A "crash" here lets the store finish the writes it was handed and drops
 * everything else (workers, connections, waiters); {@code EmulatorCrashIT} kills a real process.
 */
class RestartTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final List<SqliteStore> stores = new ArrayList<>();
    private CoreHarness h;

    @AfterEach
    void closeStores() {
        stores.forEach(SqliteStore::close);
    }

    private CoreHarness start() {
        SqliteStore store = SqliteStore.open(new DataDir(dir));
        stores.add(store);
        h = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(100), clock, store);
        return h;
    }

    /** The process dies: what the store was handed is written, nothing else survives. */
    private CoreHarness crashAndRestart() {
        stores.get(stores.size() - 1).close();
        clock.advance(Duration.ofSeconds(5));
        return start();
    }

    private static String body(RequestView v) {
        return new String(v.result().orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void aDeploymentComesBackWithItsSpecAndStartsItsMinWorkersAgain() {
        start();
        String dep = h.createRunning(spec(1, 2, 1));
        DeploymentView before = h.get(dep);
        long lastWorker = before.workers().get(0).workerId();

        crashAndRestart();
        assertThat(h.restored).isEqualTo(new Restored(1, 0));
        DeploymentView after = h.get(dep);
        assertThat(after.spec()).isEqualTo(before.spec());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.status()).isEqualTo(DeploymentStatus.STARTING);
        assertThat(h.launcher.launched)
                .singleElement()
                .satisfies(w -> assertThat(w.workerId()).isGreaterThan(lastWorker));
        h.readyAll();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(h.cluster.list(TENANT)).extracting(DeploymentView::id).containsExactly(dep);
        assertThat(h.cluster.list("tenant-2")).isEmpty();
    }

    @Test
    void aResetForgetsTheRequestsInTheDataDirectoryToo() {
        start();
        String dep = h.createRunning(spec(1, 1, 1));
        String done = h.submit(dep);
        h.answerAll();
        String unfinished = h.submit(dep);

        assertThat(h.cluster.reset()).isEqualTo(1);
        h.drain();
        crashAndRestart();

        assertThat(h.restored).isEqualTo(new Restored(1, 0));
        for (String id : List.of(done, unfinished)) {
            // neither kept nor remembered as expired
            assertThatThrownBy(() -> h.fetch(dep, id))
                    .isInstanceOfSatisfying(
                            CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
        }
    }

    @Test
    void queuedAndFetchedRequestsWaitAsBeforeAndRunInTheirOrder() {
        start();
        String dep = h.create(spec(0, 1, 1));
        String first = h.submit(dep);
        String second = h.submit(dep);
        String third = h.submit(dep);
        assertThat(h.fetch(dep, first).state()).isEqualTo(RequestState.FETCHED);
        assertThat(h.fetch(dep, third).state()).isEqualTo(RequestState.QUEUED);

        crashAndRestart();
        assertThat(h.restored).isEqualTo(new Restored(1, 3));
        assertThat(h.fetch(dep, first).state()).isEqualTo(RequestState.FETCHED);
        assertThat(h.fetch(dep, second).state()).isIn(RequestState.QUEUED, RequestState.FETCHED);
        assertThat(h.fetch(dep, third).state()).isEqualTo(RequestState.QUEUED);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            h.readyAll();
            FakeEngines.Call call = h.engines.open().get(0);
            for (String id : List.of(first, second, third)) {
                if (h.fetch(dep, id).state() == RequestState.PROCESSING) {
                    order.add(id);
                }
            }
            call.answer(200, "{\"n\":" + i + "}");
            h.drain();
        }
        assertThat(order).containsExactly(first, second, third);
        assertThat(List.of(first, second, third))
                .allSatisfy(id -> assertThat(h.fetch(dep, id).state()).isEqualTo(RequestState.COMPLETED));
    }

    @Test
    void aProcessingRequestIsTriedAgainOnceThenFailsWithEmulatorRestarted() {
        start();
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.PROCESSING);

        crashAndRestart();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.PROCESSING);
        h.readyAll();
        assertThat(h.engines.open()).hasSize(1);

        crashAndRestart();
        RequestView failed = h.fetch(dep, req);
        assertThat(failed.state()).isEqualTo(RequestState.FAILED);
        assertThat(failed.failure().orElseThrow().type()).isEqualTo(FailureType.EMULATOR_RESTARTED);
        h.readyAll();
        assertThat(h.engines.open()).isEmpty();
    }

    @Test
    void aCompletedRequestKeepsItsAnswerAndIsNeverRunAgain() {
        start();
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        h.answerAll();
        String answer = body(h.fetch(dep, req));

        crashAndRestart();
        h.readyAll();
        RequestView after = h.fetch(dep, req);
        assertThat(after.state()).isEqualTo(RequestState.COMPLETED);
        assertThat(body(after)).isEqualTo(answer);
        assertThat(after.result().orElseThrow().contentType())
                .isEqualTo(h.fetch(dep, req).result().orElseThrow().contentType());
        assertThat(h.engines.calls).isEmpty();
    }

    @Test
    void aDeletedDeploymentStaysDeletedAndOneBeingDeletedFinishesItsDeletion() {
        start();
        String gone = h.createRunning(spec(1, 1, 1));
        h.cluster.delete(TENANT, gone);
        h.drain();
        assertThatThrownBy(() -> h.get(gone)).isInstanceOf(CoreException.class);
        String deleting = h.createRunning(spec(1, 1, 1));
        String inFlight = h.submit(deleting);
        h.cluster.delete(TENANT, deleting);
        h.drain();
        assertThat(h.get(deleting).status()).isEqualTo(DeploymentStatus.DELETING);

        crashAndRestart();
        assertThatThrownBy(() -> h.get(gone))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> h.get(deleting)).isInstanceOf(CoreException.class);
        RequestView ended = h.fetch(deleting, inFlight);
        assertThat(ended.state()).isEqualTo(RequestState.FAILED);
        assertThat(ended.failure().orElseThrow().type()).isEqualTo(FailureType.DEPLOYMENT_DELETED);
        assertThat(h.launcher.launched).isEmpty();
    }

    @Test
    void aFailedDeploymentStaysFailed() {
        start();
        String dep = h.create(spec(1, 1, 1));
        for (int i = 0; i < 3; i++) {
            h.launcher.launched.get(h.launcher.launched.size() - 1).failToStart("no such model");
            h.drain();
            h.advance(Duration.ofSeconds(10));
        }
        DeploymentView failed = h.get(dep);
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);

        crashAndRestart();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(h.get(dep).errorMessage()).isEqualTo(failed.errorMessage());
        assertThat(h.launcher.launched).isEmpty();
    }

    @Test
    void idempotencyKeysAndTombstonesOutliveARestart() {
        start();
        String dep = h.createRunning(spec(1, 1, 1));
        String keyed =
                h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("order-17"));
        h.drain();
        h.answerAll();
        String expiring = h.submit(dep);
        h.answerAll();
        h.advance(Duration.ofMinutes(61));
        assertThatThrownBy(() -> h.fetch(dep, expiring))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.EXPIRED));

        crashAndRestart();
        assertThatThrownBy(() -> h.fetch(dep, expiring))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.EXPIRED));
        // the keyed request expired too, so its key is free again
        String again =
                h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("order-17"));
        assertThat(again).isNotEqualTo(keyed);
        String repeat =
                h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("order-17"));
        assertThat(repeat).isEqualTo(again);

        crashAndRestart();
        String afterRestart =
                h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), Optional.of("order-17"));
        assertThat(afterRestart).isEqualTo(again);

        // a tombstone is forgotten one more retention later, and then the id is unknown
        h.advance(Duration.ofMinutes(61));
        crashAndRestart();
        assertThatThrownBy(() -> h.fetch(dep, expiring))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
    }

    @Test
    void aShutdownLeavesSubmittedRequestsForTheNextStart() {
        start();
        String dep = h.createRunning(spec(1, 1, 1));
        String running = h.submit(dep);
        String waiting = h.submit(dep);
        var waiter = h.cluster.whenFinal(TENANT, dep, waiting);
        h.cluster.shutdown();
        h.drain();
        assertThat(waiter).isCompletedExceptionally();
        // the worker's end, seen after the shutdown, does not end the request
        h.launcher.launched.get(0).kill();
        h.drain();

        crashAndRestart();
        assertThat(h.fetch(dep, running).state()).isEqualTo(RequestState.PROCESSING);
        assertThat(h.fetch(dep, waiting).state()).isEqualTo(RequestState.QUEUED);
        h.readyAll();
        h.answerAll();
        h.answerAll();
        assertThat(h.fetch(dep, running).state()).isEqualTo(RequestState.COMPLETED);
        assertThat(h.fetch(dep, waiting).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void workerIdsAreNeverGivenTwice() {
        start();
        String dep = h.createRunning(spec(2, 2, 1));
        List<Long> before =
                h.get(dep).workers().stream().map(WorkerView::workerId).toList();
        crashAndRestart();
        List<Long> after = h.launcher.launched.stream()
                .map(FakeLauncher.FakeWorker::workerId)
                .toList();
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    }
}
