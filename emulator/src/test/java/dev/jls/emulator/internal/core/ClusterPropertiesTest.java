package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of submits, cancels, worker starts, failures and deaths, engine answers and the
 * passing of time never break the core's invariants.
 */
class ClusterPropertiesTest {

    /** One random event; {@code a} and {@code b} pick its target and variant. */
    record Step(int kind, int a, int b) {}

    record Shape(int min, int max, int concurrent, int idle, int waitTime) {}

    private static final int KINDS = 12;

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, KINDS - 1),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 1000))
                .as(Step::new);
    }

    @Provide
    Arbitrary<Shape> shapes() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 30))
                .as((min, max, c, idle, wait) -> new Shape(Math.min(min, max), max, c, idle, wait));
    }

    @Property(tries = 300)
    void invariantsHold(
            @ForAll("shapes") Shape first,
            @ForAll("shapes") Shape second,
            @ForAll @Size(max = 80) List<@net.jqwik.api.From("steps") Step> steps) {
        // five GPUs for up to eight workers: some wait for GPUs
        CoreHarness h = new CoreHarness(FakeGpus.any(5), CoreHarness.settings(20));
        Map<String, RequestState> lastState = new HashMap<>();
        Map<String, Integer> arrival = new HashMap<>();
        Map<String, Integer> lastStarted = new HashMap<>();
        h.cluster.addListener(new ClusterListener() {
            @Override
            public void requestChanged(String deploymentId, String requestId, RequestState state) {
                RequestState before = lastState.put(requestId, state);
                assertThat(before == null ? state == RequestState.QUEUED : before.mayMoveTo(state))
                        .as("%s moved from %s to %s", requestId, before, state)
                        .isTrue();
                if (before == null) {
                    arrival.put(requestId, arrival.size());
                } else if (state == RequestState.PROCESSING && before != RequestState.PROCESSING) {
                    // first in, first served: a deployment's requests reach a worker in the order they came
                    int order = arrival.get(requestId);
                    Integer previous = lastStarted.put(deploymentId, order);
                    assertThat(previous == null || previous < order)
                            .as("%s (arrived %d) started after one that arrived %d", requestId, order, previous)
                            .isTrue();
                }
            }
        });
        List<String> deps = new ArrayList<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Shape s : List.of(first, second)) {
            String id = h.create(CoreHarness.spec(s.min(), s.max(), s.concurrent(), s.idle(), s.waitTime()));
            deps.add(id);
            shapes.put(id, s);
        }
        List<String> stored = new ArrayList<>();
        List<String> live = new ArrayList<>();
        Map<String, String> depOf = new HashMap<>();

        for (Step step : steps) {
            apply(h, step, deps, stored, live, depOf);
            h.drain();
            checkInvariants(h);
        }

        // settle: every worker starts, every call is answered, time passes beyond every idle timeout
        for (int round = 0; round < 20; round++) {
            h.readyAll();
            h.answerAll();
            h.advance(Duration.ofSeconds(5));
            checkInvariants(h);
        }
        for (Deployment d : h.cluster.deployments()) {
            if (d.status == DeploymentStatus.RUNNING) {
                assertThat(d.liveWorkers())
                        .as("workers of a settled deployment")
                        .isEqualTo(shapes.get(d.id).min());
                assertThat(d.demand()).isZero();
            }
        }

        for (String dep : deps) {
            try {
                h.cluster.delete(TENANT, dep);
            } catch (CoreException e) {
                // already gone
            }
        }
        h.drain();
        for (int round = 0; round < 5; round++) {
            h.advance(Duration.ofSeconds(10));
            checkInvariants(h);
        }
        assertThat(h.cluster.deployments()).isEmpty();
        assertThat(lastState)
                .allSatisfy((id, state) ->
                        assertThat(state.isFinal()).as("%s ends final", id).isTrue());
        assertThat(h.launcher.alive()).isEmpty();
        assertThat(h.gpus.held()).isZero();
    }

    private static void apply(
            CoreHarness h,
            Step step,
            List<String> deps,
            List<String> stored,
            List<String> live,
            Map<String, String> depOf) {
        String dep = deps.get(step.a() % deps.size());
        byte[] body = ("{\"n\":" + step.b() + "}").getBytes(StandardCharsets.UTF_8);
        try {
            switch (step.kind()) {
                case 0, 1 -> {
                    String id = h.cluster.submit(
                            TENANT,
                            dep,
                            EngineRoute.CHAT_COMPLETIONS,
                            body,
                            step.b() % 4 == 0 ? Optional.of("key-" + step.b() % 3) : Optional.empty());
                    stored.add(id);
                    depOf.put(id, dep);
                }
                case 2 -> {
                    String id = h.cluster.submitLive(
                            TENANT, dep, EngineRoute.COMPLETIONS, body, step.b() % 2 == 0, new RecordingSink());
                    live.add(id);
                }
                case 3 -> {
                    if (!stored.isEmpty()) {
                        String id = stored.get(step.b() % stored.size());
                        h.cluster.cancel(TENANT, depOf.get(id), id);
                    }
                }
                case 4 -> {
                    if (!live.isEmpty()) {
                        h.cluster.abandon(live.get(step.b() % live.size()));
                    }
                }
                case 5 -> {
                    List<FakeLauncher.FakeWorker> starting = h.launcher.alive().stream()
                            .filter(w -> !w.ready.isDone())
                            .toList();
                    if (!starting.isEmpty()) {
                        starting.get(step.b() % starting.size()).becomeReady();
                    }
                }
                case 6 -> {
                    List<FakeLauncher.FakeWorker> starting = h.launcher.alive().stream()
                            .filter(w -> !w.ready.isDone())
                            .toList();
                    if (!starting.isEmpty()) {
                        starting.get(step.b() % starting.size()).failToStart("random failure");
                    }
                }
                case 7 -> {
                    List<FakeLauncher.FakeWorker> alive = h.launcher.alive();
                    if (!alive.isEmpty()) {
                        FakeLauncher.FakeWorker w = alive.get(step.b() % alive.size());
                        w.kill();
                        for (FakeEngines.Call c : h.engines.openOn(w.port)) {
                            if (step.b() % 2 == 0 && !c.responded) {
                                c.respond(200, "text/event-stream");
                                c.chunk("data: {}\n\n");
                            }
                            c.breakConnection();
                        }
                    }
                }
                case 8, 9 -> {
                    List<FakeEngines.Call> open = h.engines.open();
                    if (!open.isEmpty()) {
                        FakeEngines.Call c = open.get(step.b() % open.size());
                        if (step.kind() == 9 && step.b() % 3 == 0) {
                            c.answer(500, "{\"error\":{\"message\":\"boom\"}}");
                        } else {
                            c.answer(200, "{\"object\":\"text_completion\"}");
                        }
                    }
                }
                case 10 -> h.advance(Duration.ofSeconds(step.b() % 12));
                case 11 -> {
                    if (step.b() % 5 == 0) {
                        h.cluster.delete(TENANT, dep);
                    } else {
                        h.advance(Duration.ofMillis(step.b()));
                    }
                }
                default -> throw new IllegalStateException("step " + step);
            }
        } catch (CoreException expected) {
            // refusals (full queue, deleted deployment, cancelling a finished request) are part of the game
        }
    }

    private static void checkInvariants(CoreHarness h) {
        Map<Integer, String> gpuHolder = new HashMap<>();
        for (GpuAllocator.GpuHolding g : h.gpus.snapshot()) {
            g.holder().ifPresent(holder -> gpuHolder.put(g.gpu().index(), holder));
        }
        // a running process keeps its GPUs in the pool until it is gone
        for (FakeLauncher.FakeWorker w : h.launcher.alive()) {
            for (Gpu g : w.launch.gpus()) {
                assertThat(gpuHolder.get(g.index()))
                        .as("holder of GPU %d of running worker %d", g.index(), w.workerId())
                        .isEqualTo(w.launch.deploymentId() + "/worker-" + w.workerId());
            }
        }
        for (Deployment d : h.cluster.deployments()) {
            assertThat(d.liveWorkers()).as("live workers of %s", d.id).isLessThanOrEqualTo(d.spec.maxWorkers());
            int inFlight = 0;
            for (Worker w : d.workers) {
                assertThat(w.inFlight)
                        .as("in flight on worker %d", w.id)
                        .isLessThanOrEqualTo(d.spec.concurrentRequests())
                        .isEqualTo(w.attempts.size());
                if (w.inFlight > 0) {
                    assertThat(w.phase).isIn(Worker.Phase.HEALTHY);
                }
                inFlight += w.inFlight;
            }
            assertThat(d.dispatched).isEqualTo(inFlight);
            assertThat(d.queued).allSatisfy(r -> assertThat(r.state).isEqualTo(RequestState.QUEUED));
            assertThat(d.fetched).allSatisfy(r -> assertThat(r.state).isEqualTo(RequestState.FETCHED));
            assertThat(d.retries).allSatisfy(r -> {
                assertThat(r.state).isEqualTo(RequestState.PROCESSING);
                assertThat(r.worker).isNull();
            });
            assertThat(d.retries).doesNotHaveDuplicates();
        }
    }
}
