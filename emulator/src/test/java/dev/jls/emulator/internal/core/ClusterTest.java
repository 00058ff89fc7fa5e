package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.TENANT;
import static dev.jls.emulator.internal.core.CoreHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void aDeploymentWithoutMinWorkersRunsAtOnceAndColdStartsForTheFirstRequest() {
        String dep = h.create(spec(0, 2, 1));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(h.launcher.launched).isEmpty();

        String req = h.submit(dep);
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.FETCHED);
        assertThat(h.get(dep).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.healthy()).isFalse());

        h.readyAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.PROCESSING);
        assertThat(h.engines.open())
                .singleElement()
                .satisfies(c -> assertThat(c.path).isEqualTo("/v1/chat/completions"));

        h.answerAll();
        RequestView done = h.fetch(dep, req);
        assertThat(done.state()).isEqualTo(RequestState.COMPLETED);
        assertThat(new String(done.result().orElseThrow().body(), StandardCharsets.UTF_8))
                .contains("chat.completion");
    }

    @Test
    void aDeploymentIsStartingUntilItsMinWorkersAreHealthy() {
        String dep = h.create(spec(2, 3, 1));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.STARTING);
        assertThat(h.launcher.launched).hasSize(2);
        h.launcher.launched.get(0).becomeReady();
        h.drain();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.STARTING);
        h.readyAll();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(h.get(dep).startTime()).isPresent();
    }

    @Test
    void startTimeIsSetOnceWhenTheFirstWorkerGetsItsGpus() {
        String dep = h.create(spec(1, 2, 1));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.STARTING);
        java.time.Instant provisioning = h.clock.instant();
        assertThat(h.get(dep).startTime()).contains(provisioning);

        h.clock.advance(Duration.ofSeconds(30));
        h.readyAll();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(h.get(dep).startTime()).contains(provisioning);
    }

    @Test
    void startTimeOfADeploymentWithoutMinWorkersIsWhenItRuns() {
        java.time.Instant created = h.clock.instant();
        String dep = h.create(spec(0, 1, 1));
        assertThat(h.get(dep).startTime()).contains(created);
        h.clock.advance(Duration.ofSeconds(30));
        h.submit(dep);
        h.readyAll();
        assertThat(h.get(dep).startTime()).contains(created);
    }

    @Test
    void aDeploymentWaitingForGpusHasNoStartTimeYet() {
        CoreHarness one = new CoreHarness(FakeGpus.any(1), CoreHarness.settings(100));
        one.create(spec(1, 1, 1));
        String waiting = one.create(spec(1, 1, 1));
        assertThat(one.get(waiting).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.gpus()).isEmpty());
        assertThat(one.get(waiting).startTime()).isEmpty();
    }

    @Test
    void aDeploymentShowsItsModelLoadingWhenTheEngineReportsIt() {
        h.launcher.reportModelLoading = true;
        String dep = h.create(spec(1, 2, 1));
        h.drain();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.DOWNLOADING_MODEL);
        h.launcher.launched.get(0).loadModel();
        h.drain();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.MODEL_DOWNLOADED);
        h.readyAll();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    @Test
    void aBurstStartsSeveralWorkersAtOnceAndNeverMoreThanMax() {
        String dep = h.create(spec(0, 3, 2));
        for (int i = 0; i < 10; i++) {
            h.submit(dep);
        }
        assertThat(h.launcher.launched).hasSize(3);
        assertThat(h.get(dep).workers()).hasSize(3);
        h.readyAll();
        assertThat(h.engines.open()).hasSize(6);
        for (var w : h.get(dep).workers()) {
            assertThat(w.inFlight()).isEqualTo(2);
        }
        assertThat(h.get(dep).queueDepth()).isEqualTo(4);
        h.answerAll();
        h.answerAll();
        h.answerAll();
        assertThat(h.launcher.launched).hasSize(3);
        assertThat(h.get(dep).queueDepth()).isZero();
    }

    @Test
    void requestsGoToTheLeastBusyWorker() {
        String dep = h.createRunning(spec(2, 2, 3));
        for (int i = 0; i < 4; i++) {
            h.submit(dep);
        }
        assertThat(h.get(dep).workers()).extracting(WorkerView::inFlight).containsExactly(2, 2);
    }

    @Test
    void idleWorkersStopAfterIdleTimeoutDownToMinAndZeroColdStartsAgain() {
        String dep = h.createRunning(spec(1, 3, 1, 30, 0));
        for (int i = 0; i < 3; i++) {
            h.submit(dep);
        }
        h.readyAll();
        h.answerAll();
        assertThat(h.get(dep).workers()).hasSize(3);

        h.advance(Duration.ofSeconds(29));
        assertThat(h.get(dep).workers()).hasSize(3);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.get(dep).workers()).hasSize(1);
        assertThat(h.launcher.alive()).hasSize(1);
        assertThat(h.gpus.held()).isEqualTo(1);
    }

    @Test
    void scaleToZeroThenAColdStartServesTheNextRequest() {
        String dep = h.create(spec(0, 1, 1, 5, 0));
        h.submit(dep);
        h.readyAll();
        h.answerAll();
        h.advance(Duration.ofSeconds(5));
        assertThat(h.get(dep).workers()).isEmpty();
        assertThat(h.launcher.alive()).isEmpty();

        String next = h.submit(dep);
        assertThat(h.fetch(dep, next).state()).isEqualTo(RequestState.FETCHED);
        h.readyAll();
        h.answerAll();
        assertThat(h.fetch(dep, next).state()).isEqualTo(RequestState.COMPLETED);
        assertThat(h.launcher.launched).hasSize(2);
    }

    @Test
    void aMinWorkerThatDiesIsReplacedAndItsRequestRetriedElsewhere() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        FakeLauncher.FakeWorker first = h.launcher.launched.get(0);
        FakeEngines.Call call = h.engines.open().get(0);
        first.kill();
        call.breakConnection();
        h.drain();

        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.PROCESSING);
        assertThat(h.launcher.launched).hasSize(2);
        h.readyAll();
        assertThat(h.engines.open())
                .singleElement()
                .satisfies(c -> assertThat(c.port).isEqualTo(h.launcher.launched.get(1).port));
        h.answerAll();
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void aRequestWhoseWorkerDiesTwiceFailsWorkerCrashed() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        for (int i = 0; i < 2; i++) {
            FakeLauncher.FakeWorker w = h.launcher.alive().get(0);
            FakeEngines.Call c = h.engines.open().get(0);
            w.kill();
            c.breakConnection();
            h.drain();
            h.readyAll();
        }
        RequestView v = h.fetch(dep, req);
        assertThat(v.state()).isEqualTo(RequestState.FAILED);
        assertThat(v.failure().orElseThrow().type()).isEqualTo(FailureType.WORKER_CRASHED);
    }

    @Test
    void aStreamCutAfterItsFirstChunkFailsMidStreamWithoutRetry() {
        String dep = h.createRunning(spec(1, 2, 1));
        RecordingSink sink = h.submitLive(dep, true);
        FakeEngines.Call c = h.engines.open().get(0);
        c.respond(200, "text/event-stream");
        c.chunk("data: {\"choices\":[]}\n\n");
        h.launcher.launched.get(0).kill();
        c.breakConnection();
        h.drain();
        assertThat(sink.body.toString()).startsWith("data: ");
        assertThat(sink.failure.type()).isEqualTo(FailureType.WORKER_CRASHED);
        assertThat(sink.failedMidStream).isTrue();
        assertThat(h.engines.open()).isEmpty();
    }

    @Test
    void aStreamCutBeforeAnyChunkIsRetriedOnAnotherWorker() {
        String dep = h.createRunning(spec(2, 2, 1));
        RecordingSink sink = h.submitLive(dep, true);
        FakeEngines.Call c = h.engines.open().get(0);
        h.launcher.launched.stream()
                .filter(w -> w.port == c.port)
                .findFirst()
                .orElseThrow()
                .kill();
        c.breakConnection();
        h.drain();
        FakeEngines.Call retry = h.engines.open().get(0);
        assertThat(retry.port).isNotEqualTo(c.port);
        retry.respond(200, "text/event-stream");
        retry.chunk("data: [DONE]\n\n");
        retry.complete();
        h.drain();
        assertThat(sink.failure).isNull();
        assertThat(sink.ended).isTrue();
        assertThat(sink.body.toString()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void aClientThatGoesAwayCancelsTheRequestOnTheWorkerAndFreesItsSlot() {
        String dep = h.createRunning(spec(1, 1, 1));
        RecordingSink sink = new RecordingSink();
        String live = h.cluster.submitLive(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), true, sink);
        String queued = h.submit(dep);
        h.drain();
        FakeEngines.Call c = h.engines.calls.get(0);
        h.cluster.abandon(live);
        h.drain();
        assertThat(c.aborted).isTrue();
        assertThat(h.fetch(dep, queued).state()).isEqualTo(RequestState.PROCESSING);
    }

    @Test
    void cancelEndsWaitingAndRunningRequestsButNotFinishedOnes() {
        String dep = h.createRunning(spec(1, 1, 1));
        String running = h.submit(dep);
        String waiting = h.submit(dep);
        assertThat(h.cluster.cancel(TENANT, dep, waiting).state()).isEqualTo(RequestState.CANCELLED);
        assertThat(h.cluster.cancel(TENANT, dep, running).state()).isEqualTo(RequestState.CANCELLED);
        assertThat(h.engines.calls.get(0).aborted).isTrue();
        assertThat(h.get(dep).workers().get(0).inFlight()).isZero();
        assertThat(h.cluster.cancel(TENANT, dep, running).state()).isEqualTo(RequestState.CANCELLED);

        String done = h.submit(dep);
        h.answerAll();
        assertThatThrownBy(() -> h.cluster.cancel(TENANT, dep, done))
                .isInstanceOf(CoreException.class)
                .extracting(e -> ((CoreException) e).kind())
                .isEqualTo(CoreException.Kind.CONFLICT);
    }

    @Test
    void aRequestThatWaitsLongerThanWaitTimeFailsQueueTimeout() {
        String dep = h.create(spec(0, 1, 1, 60, 10));
        String req = h.submit(dep);
        h.advance(Duration.ofSeconds(9));
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.FETCHED);
        h.advance(Duration.ofSeconds(1));
        RequestView v = h.fetch(dep, req);
        assertThat(v.state()).isEqualTo(RequestState.FAILED);
        assertThat(v.failure().orElseThrow().type()).isEqualTo(FailureType.QUEUE_TIMEOUT);
    }

    @Test
    void aFullQueueRefusesWithRetryAfter() {
        CoreHarness small = new CoreHarness(FakeGpus.any(8), CoreHarness.settings(3));
        String dep = small.create(spec(0, 1, 1));
        for (int i = 0; i < 3; i++) {
            small.submit(dep);
        }
        assertThatThrownBy(() -> small.submit(dep)).isInstanceOfSatisfying(CoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(CoreException.Kind.QUEUE_FULL);
            assertThat(e.retryAfter()).isPresent();
        });
    }

    @Test
    void resultsExpireAfterRetentionAndThenAnswerExpired() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        h.answerAll();
        h.advance(Duration.ofMinutes(59));
        assertThat(h.fetch(dep, req).state()).isEqualTo(RequestState.COMPLETED);
        h.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> h.fetch(dep, req)).isInstanceOfSatisfying(CoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(CoreException.Kind.EXPIRED);
            assertThat(e.getMessage()).contains(req).contains("expired at");
        });
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameRequest() {
        String dep = h.create(spec(0, 1, 1));
        byte[] body = "{}".getBytes();
        String a = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, body, Optional.of("k"));
        String b = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, body, Optional.of("k"));
        String c = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, body, Optional.of("k2"));
        String other = h.cluster.submit(TENANT, dep, EngineRoute.CHAT_COMPLETIONS, body, Optional.empty());
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(other).isNotIn(a, c);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIsRefusedNamingTheKey() {
        String dep = h.create(spec(0, 1, 1));
        String a = h.cluster.submit(
                TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{\"max_tokens\":1}".getBytes(), Optional.of("k"));

        assertThatThrownBy(() -> h.cluster.submit(
                        TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{\"max_tokens\":2}".getBytes(), Optional.of("k")))
                .isInstanceOfSatisfying(CoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CoreException.Kind.KEY_REUSED);
                    assertThat(e.getMessage()).contains("Idempotency-Key 'k'").contains(a);
                });
        assertThat(h.cluster.submit(
                        TENANT, dep, EngineRoute.CHAT_COMPLETIONS, "{\"max_tokens\":1}".getBytes(), Optional.of("k")))
                .isEqualTo(a);
    }

    @Test
    void anotherTenantSeesNothing() {
        String dep = h.create(spec(0, 1, 1));
        String req = h.submit(dep);
        assertThat(h.cluster.list("tenant-2")).isEmpty();
        assertThatThrownBy(() -> h.cluster.get("tenant-2", dep))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> h.cluster.fetch("tenant-2", dep, req))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.NOT_FOUND));
        assertThatThrownBy(
                        () -> h.cluster.submit("tenant-2", dep, EngineRoute.COMPLETIONS, new byte[0], Optional.empty()))
                .isInstanceOf(CoreException.class);
    }

    @Test
    void workersThatKeepFailingToStartFailTheDeploymentWithReasonAndLogTail() {
        String dep = h.create(spec(1, 1, 1));
        String req = h.submit(dep);
        for (int attempt = 1; attempt <= 3; attempt++) {
            FakeLauncher.FakeWorker w = h.launcher.alive().get(0);
            w.failToStart("CUDA out of memory");
            h.drain();
            if (attempt < 3) {
                assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.STARTING);
                assertThat(h.launcher.alive()).isEmpty();
                h.advance(Duration.ofSeconds(1L << (attempt - 1)));
            }
        }
        DeploymentView v = h.get(dep);
        assertThat(v.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(v.errorMessage().orElseThrow())
                .contains("CUDA out of memory")
                .contains("loading model");
        RequestView r = h.fetch(dep, req);
        assertThat(r.failure().orElseThrow().type()).isEqualTo(FailureType.WORKER_START_FAILED);
        assertThat(h.launcher.alive()).isEmpty();
        assertThat(h.gpus.held()).isZero();
        assertThatThrownBy(() -> h.submit(dep))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.UNAVAILABLE));
    }

    @Test
    void aStartFailureThatQuotesTheEnvironmentShowsItsValuesMasked() {
        String dep = h.create(spec(1, 1, 1));
        String req = h.submit(dep);
        for (int attempt = 1; attempt <= 3; attempt++) {
            h.launcher.alive().get(0).failToStart("bad token hf_secret_value for the hub");
            h.drain();
            if (attempt < 3) {
                h.advance(Duration.ofSeconds(1L << (attempt - 1)));
            }
        }
        DeploymentView v = h.get(dep);
        assertThat(v.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(v.errorMessage().orElseThrow())
                .contains("bad token hf_**** for the hub")
                .doesNotContain("hf_secret_value");
        assertThat(h.fetch(dep, req).failure().orElseThrow().message()).doesNotContain("hf_secret_value");
        assertThatThrownBy(() -> h.submit(dep)).hasMessageNotContaining("hf_secret_value");
    }

    @Test
    void startBackoffDoublesBetweenFailures() {
        String dep = h.create(spec(1, 1, 1));
        h.launcher.alive().get(0).failToStart("boom");
        h.drain();
        h.advance(Duration.ofMillis(900));
        assertThat(h.launcher.launched).hasSize(1);
        h.advance(Duration.ofMillis(100));
        assertThat(h.launcher.launched).hasSize(2);
        h.launcher.alive().get(0).failToStart("boom");
        h.drain();
        h.advance(Duration.ofMillis(1900));
        assertThat(h.launcher.launched).hasSize(2);
        h.advance(Duration.ofMillis(100));
        assertThat(h.launcher.launched).hasSize(3);
        h.readyAll();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
    }

    @Test
    void aLauncherThatCannotStartAProcessCountsAsAStartFailure() {
        h.launcher.refuse = true;
        String dep = h.create(spec(1, 1, 1));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.STARTING);
        h.advance(Duration.ofSeconds(1));
        h.advance(Duration.ofSeconds(2));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(h.get(dep).errorMessage().orElseThrow()).contains("no such executable");
    }

    @Test
    void deleteLetsInFlightRequestsFinishWithinTheGraceThenFailsTheRestAndIsGone() {
        String dep = h.createRunning(spec(1, 1, 1));
        String running = h.submit(dep);
        String waiting = h.submit(dep);
        h.cluster.delete(TENANT, dep);
        h.drain();
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.DELETING);
        assertThatThrownBy(() -> h.submit(dep)).isInstanceOf(CoreException.class);
        h.answerAll();
        assertThat(h.fetch(dep, running).state()).isEqualTo(RequestState.COMPLETED);
        assertThat(h.fetch(dep, waiting).state()).isEqualTo(RequestState.PROCESSING);

        h.advance(Duration.ofSeconds(10));
        RequestView failed = h.fetch(dep, waiting);
        assertThat(failed.failure().orElseThrow().type()).isEqualTo(FailureType.DEPLOYMENT_DELETED);
        assertThatThrownBy(() -> h.get(dep)).isInstanceOf(CoreException.class);
        assertThat(h.launcher.alive()).isEmpty();
        assertThat(h.gpus.held()).isZero();
    }

    @Test
    void aWorkerWithoutFreeGpusStaysProvisioningUntilSomeAreFreed() {
        CoreHarness one = new CoreHarness(new FakeGpus().add("H100", 1), CoreHarness.settings(100));
        DeploymentSpec s = spec(1, 1, 1);
        String a = one.create(s);
        one.readyAll();
        String b = one.create(s);
        one.readyAll();
        assertThat(one.get(b).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.healthy()).isFalse());
        assertThat(one.launcher.launched).hasSize(1);

        one.cluster.delete(TENANT, a);
        one.drain();
        one.readyAll();
        assertThat(one.get(b).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.healthy()).isTrue());
    }

    @Test
    void aSpecTheInventoryCannotServeIsRefusedNamingTheField() {
        CoreHarness small = new CoreHarness(new FakeGpus().add("L4", 2), CoreHarness.settings(100));
        DeploymentSpec h100 = new DeploymentSpec(
                "x",
                "r",
                "vllm",
                List.of("H100"),
                1,
                0,
                1,
                1,
                60,
                0,
                50,
                java.util.Map.of("model", "m"),
                java.util.Map.of());
        assertThatThrownBy(() -> small.create(h100))
                .isInstanceOfSatisfying(
                        CoreException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("gpus_to_use"));
        DeploymentSpec three = new DeploymentSpec(
                "x",
                "r",
                "vllm",
                List.of("l4"),
                3,
                0,
                1,
                1,
                60,
                0,
                50,
                java.util.Map.of("model", "m"),
                java.util.Map.of());
        assertThatThrownBy(() -> small.create(three))
                .isInstanceOfSatisfying(
                        CoreException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("gpus_per_worker"));
    }

    @Test
    void outOfBoundFieldsAreAllNamed() {
        DeploymentSpec bad = new DeploymentSpec(
                "", "r", "tgi", List.of(), 0, 101, -1, 0, -1, 601, 10, java.util.Map.of(), java.util.Map.of());
        List<String> fields = new ArrayList<>();
        for (FieldError e : bad.validate(Set.of("vllm"))) {
            fields.add(e.field());
        }
        // sorted, as a reader looks a field up
        assertThat(fields)
                .contains(
                        "args.model",
                        "concurrent_requests",
                        "framework",
                        "gpus_per_worker",
                        "idle_timeout",
                        "max_workers",
                        "min_workers",
                        "name",
                        "storage",
                        "wait_time");
    }

    @Test
    void engineErrorsFailTheRequestWithTheEngineMessageAndStatus() {
        String dep = h.createRunning(spec(1, 1, 1));
        String req = h.submit(dep);
        h.engines
                .open()
                .get(0)
                .answer(
                        400,
                        "{\"error\":{\"message\":\"max_tokens is too large\","
                                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
        h.drain();
        RequestFailure f = h.fetch(dep, req).failure().orElseThrow();
        assertThat(f.type()).isEqualTo(FailureType.ENGINE_ERROR);
        assertThat(f.message()).isEqualTo("max_tokens is too large");
        assertThat(f.code()).hasValue(400);
    }

    @Test
    void patchIsRefusedUnlessRunning() {
        String dep = h.create(spec(1, 1, 1));
        DeploymentUpdate u = new DeploymentUpdate(
                Optional.of("renamed"), java.util.OptionalInt.empty(), java.util.OptionalInt.of(5));
        assertThatThrownBy(() -> h.cluster.update(TENANT, dep, u))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.CONFLICT));
        h.readyAll();
        DeploymentView v = h.cluster.update(TENANT, dep, u);
        assertThat(v.spec().name()).isEqualTo("renamed");
        assertThat(v.spec().waitTimeSeconds()).isEqualTo(5);
    }

    private static DeploymentUpdate workers(Integer min, Integer max) {
        java.util.OptionalInt none = java.util.OptionalInt.empty();
        return new DeploymentUpdate(
                Optional.empty(),
                none,
                none,
                min == null ? none : java.util.OptionalInt.of(min),
                max == null ? none : java.util.OptionalInt.of(max));
    }

    @Test
    void maxWorkersZeroStartsNoWorkerUntilAnUpdateRaisesIt() {
        String dep = h.create(spec(0, 0, 1, 300, 5));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);
        String waiting = h.submit(dep);
        assertThat(h.launcher.launched).isEmpty();
        h.advance(Duration.ofSeconds(5));
        RequestView timedOut = h.fetch(dep, waiting);
        assertThat(timedOut.state()).isEqualTo(RequestState.FAILED);
        assertThat(timedOut.failure().orElseThrow().type()).isEqualTo(FailureType.QUEUE_TIMEOUT);

        String served = h.submit(dep);
        DeploymentView raised = h.cluster.update(TENANT, dep, workers(null, 1));
        assertThat(raised.spec().maxWorkers()).isEqualTo(1);
        assertThat(h.launcher.launched).hasSize(1);
        h.readyAll();
        h.answerAll();
        assertThat(h.fetch(dep, served).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void raisingMinWorkersStartsWorkersAndLoweringMaxStopsIdleOnesAtOnce() {
        String dep = h.create(spec(0, 3, 1, 300, 0));
        h.cluster.update(TENANT, dep, workers(3, null));
        assertThat(h.launcher.launched).hasSize(3);
        h.readyAll();
        String busy = h.submit(dep);

        // lowered below the workers there are: the idle ones stop without waiting for idle_timeout
        h.cluster.update(TENANT, dep, workers(0, 1));
        h.drain();
        assertThat(h.get(dep).workers())
                .singleElement()
                .satisfies(w -> assertThat(w.inFlight()).isEqualTo(1));
        h.answerAll();
        assertThat(h.fetch(dep, busy).state()).isEqualTo(RequestState.COMPLETED);
    }

    @Test
    void anUpdateLeavingMinAboveMaxIsRefusedNamingTheField() {
        String dep = h.create(spec(0, 2, 1));
        assertThatThrownBy(() -> h.cluster.update(TENANT, dep, workers(3, null)))
                .isInstanceOfSatisfying(CoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CoreException.Kind.INVALID);
                    assertThat(e.fieldErrors()).singleElement().satisfies(f -> {
                        assertThat(f.field()).isEqualTo("min_workers");
                        assertThat(f.message()).contains("max_workers (2)");
                    });
                });
        assertThatThrownBy(() -> h.cluster.update(TENANT, dep, workers(null, 101)))
                .isInstanceOfSatisfying(
                        CoreException.class, e -> assertThat(e.kind()).isEqualTo(CoreException.Kind.INVALID));
        assertThat(h.get(dep).spec().maxWorkers()).isEqualTo(2);
    }

    @Test
    void shutdownEndsEveryRequest() {
        String dep = h.createRunning(spec(1, 1, 1));
        String a = h.submit(dep);
        String b = h.submit(dep);
        h.cluster.shutdown();
        assertThat(h.fetch(dep, a).state()).isEqualTo(RequestState.FAILED);
        assertThat(h.fetch(dep, b).state()).isEqualTo(RequestState.FAILED);
    }
}
