package dev.jls.emulator.internal.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link Cluster} wired to in-memory workers, engines and GPUs, on a loop and clock the test drives. */
final class CoreHarness {

    static final String TENANT = "tenant-1";

    final MutableClock clock;
    final ManualLoop loop = new ManualLoop();
    final FakeLauncher launcher = new FakeLauncher();
    final FakeEngines engines = new FakeEngines();
    final FakeGpus gpus;
    final Cluster cluster;

    CoreHarness() {
        this(FakeGpus.any(8), settings(100));
    }

    CoreHarness(FakeGpus gpus, CoreSettings settings) {
        this(gpus, settings, new MutableClock(), ClusterStore.IN_MEMORY);
    }

    /** A cluster that keeps its state in {@code store}, started from what {@code store} kept. */
    CoreHarness(FakeGpus gpus, CoreSettings settings, MutableClock clock, ClusterStore store) {
        this.gpus = gpus;
        this.clock = clock;
        this.cluster =
                new Cluster(new ClusterState(settings, launcher, gpus, engines, clock, loop, Runnable::run, store));
        cluster.upstreamFailureSettle(Duration.ZERO);
        restored = cluster.restore(store.load());
        drain();
    }

    /** What the start brought back from the store. */
    final Restored restored;

    static CoreSettings settings(int queueLimit) {
        return settings(queueLimit, GpuPrices.NONE);
    }

    static CoreSettings settings(int queueLimit, GpuPrices prices) {
        return new CoreSettings(
                queueLimit,
                Duration.ofHours(1),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                1,
                CoreSettings.DEFAULT_UNRESPONSIVE_TIMEOUT,
                CoreSettings.DEFAULT_REQUEST_TIMEOUT,
                Set.of("vllm"),
                prices);
    }

    static DeploymentSpec spec(int min, int max, int concurrent) {
        return spec(min, max, concurrent, 60, 0);
    }

    static DeploymentSpec spec(int min, int max, int concurrent, int idleTimeout, int waitTime) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("model", "Qwen/Qwen3-0.6B");
        args.put("served-model-name", "qwen");
        return new DeploymentSpec(
                "qwen",
                DeploymentSpec.DEFAULT_REGION,
                "vllm",
                List.of(),
                1,
                min,
                max,
                concurrent,
                idleTimeout,
                waitTime,
                50,
                args,
                Map.of("HF_TOKEN", "hf_secret_value"));
    }

    String create(DeploymentSpec spec) {
        String id = cluster.create(TENANT, spec).id();
        drain();
        return id;
    }

    String submit(String deploymentId) {
        String id = cluster.submit(
                TENANT,
                deploymentId,
                EngineRoute.CHAT_COMPLETIONS,
                "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8),
                Optional.empty());
        drain();
        return id;
    }

    /** A deployment whose min workers are all healthy. */
    String createRunning(DeploymentSpec spec) {
        String id = create(spec);
        readyAll();
        return id;
    }

    /** Sends a live chat request, streamed or not; its answer goes to the returned sink. */
    RecordingSink submitLive(String deploymentId, boolean stream) {
        RecordingSink sink = new RecordingSink();
        cluster.submitLive(TENANT, deploymentId, EngineRoute.CHAT_COMPLETIONS, "{}".getBytes(), stream, sink);
        drain();
        return sink;
    }

    RequestView fetch(String deploymentId, String requestId) {
        return cluster.fetch(TENANT, deploymentId, requestId);
    }

    DeploymentView get(String deploymentId) {
        return cluster.get(TENANT, deploymentId);
    }

    void drain() {
        loop.runAll();
    }

    /** Moves the clock and applies the time rules. */
    void advance(Duration d) {
        clock.advance(d);
        cluster.tick();
        drain();
    }

    /** Every launched, still-starting worker becomes healthy. */
    void readyAll() {
        for (FakeLauncher.FakeWorker w : launcher.launched) {
            if (w.isAlive() && !w.ready.isDone()) {
                w.becomeReady();
            }
        }
        drain();
    }

    /** Answers every open engine call with a chat completion. */
    void answerAll() {
        for (FakeEngines.Call c : engines.open()) {
            c.answer(200, "{\"object\":\"chat.completion\",\"port\":" + c.port + "}");
        }
        drain();
    }

    FakeLauncher.FakeWorker worker(long workerId) {
        return launcher.launched.stream()
                .filter(w -> w.workerId() == workerId)
                .findFirst()
                .orElseThrow();
    }
}
