package dev.jls.emulator.internal.workers;

import static dev.jls.emulator.internal.workers.Launches.args;
import static dev.jls.emulator.internal.workers.Launches.launch;
import static dev.jls.emulator.internal.workers.StandIns.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerStartException;
import dev.jls.emulator.internal.gpu.GpuFixtures;
import dev.jls.emulator.internal.gpu.GpuPool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between the emulator and an engine process, with stand-in executables that record
 * what they were given.
 */
@Tag("slow")
class ProcessWorkerLauncherTest {

    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path bin;
    private PortPool ports;
    private EngineRegistry engines;
    private ProcessWorkerLauncher launcher;
    private final List<Long> startedPids = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bin = dir.resolve("bin");
        StandIns.executable(bin, "vllm");
        StandIns.executable(bin, "sglang-server");
        ports = new PortPool(26000, 29999);
        engines = EngineRegistry.builder()
                .choice(EngineChoice.VLLM)
                .vllm(new VllmEngine("vllm", READY, ports))
                .engineCommand(TemplateEngine.parse(
                        "sglang",
                        "sglang-server --model-path {model} --served-model-name {served_model_name} --host {host}"
                                + " --port {port} --tp {gpu_count} --gpus {gpus} {args}",
                        READY))
                .engineCommand(TemplateEngine.parse("slow", "sglang-server --port {port}", Duration.ofSeconds(2)))
                .path(path())
                .build();
        launcher = launcher(engines);
    }

    @AfterEach
    void tearDown() {
        launcher.close();
        assertThat(launcher.liveWorkers()).isEmpty();
        for (long pid : startedPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d left running", pid)
                    .isFalse();
        }
    }

    private String path() {
        return bin + ":" + System.getenv("PATH");
    }

    private ProcessWorkerLauncher launcher(EngineRegistry engines) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("PATH", path());
        environment.put("EMULATOR_ONLY", "from the emulator");
        return ProcessWorkerLauncher.builder(engines)
                .ports(ports)
                .environment(environment)
                .build();
    }

    private WorkerHandle start(WorkerLaunch launch) {
        WorkerHandle worker = launcher.launch(launch);
        startedPids.add(worker.pid());
        return worker;
    }

    private Map<String, String> env(String record, String... more) {
        Map<String, String> env = new HashMap<>();
        env.put("STANDIN_RECORD", dir.resolve(record).toString());
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void vllmGetsTheExactCommandLineAndEnvironment() {
        List<Gpu> gpus = GpuFixtures.fourGpus().subList(2, 4);
        WorkerHandle worker = start(launch(
                1,
                "vllm",
                args(
                        "model",
                        "meta-llama/Llama-3.1-70B-Instruct",
                        "served-model-name",
                        "llama70b",
                        "max-model-len",
                        "16384",
                        "enforce-eager",
                        "true",
                        "gpu-memory-utilization",
                        "0.9"),
                env("w1", "HF_TOKEN", "hf_secret", "CUDA_VISIBLE_DEVICES", "0"),
                gpus));
        worker.ready().join();
        StandIns.Recorded recorded = StandIns.awaitRecord(dir.resolve("w1"));

        assertThat(recorded.args())
                .containsExactly(
                        "serve",
                        "meta-llama/Llama-3.1-70B-Instruct",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(worker.port()),
                        "--served-model-name",
                        "llama70b",
                        "--tensor-parallel-size",
                        "2",
                        "--enforce-eager",
                        "--gpu-memory-utilization",
                        "0.9",
                        "--max-model-len",
                        "16384");
        assertThat(recorded.pid()).isEqualTo(worker.pid());
        assertThat(recorded.env())
                .containsEntry("CUDA_VISIBLE_DEVICES", "2,3")
                .containsEntry("HF_TOKEN", "hf_secret")
                .containsEntry("EMULATOR_ONLY", "from the emulator")
                .containsEntry(
                        "JLS_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        int internal = Integer.parseInt(recorded.env().get("VLLM_PORT"));
        List<Integer> reserved = ports.reservedBy(PortPool.workerHolder(1));
        assertThat(reserved).contains(worker.port(), internal, internal + VllmEngine.INTERNAL_PORT_COUNT - 1);

        worker.stop(Duration.ofSeconds(5));
        assertThat(worker.isAlive()).isFalse();
        assertThat(ports.reservedBy(PortPool.workerHolder(1))).isEmpty();
    }

    @Test
    void aWorkerGetsTheBaseOfTheEmulatorsEnvironmentAndTheDeploymentsEnvButNoSecretOfTheEmulator() {
        Map<String, String> emulatorEnvironment = new HashMap<>();
        emulatorEnvironment.put("PATH", path());
        emulatorEnvironment.put("HOME", "/home/operator");
        emulatorEnvironment.put("LANG", "C.UTF-8");
        emulatorEnvironment.put("LC_ALL", "C.UTF-8");
        emulatorEnvironment.put("TMPDIR", dir.toString());
        emulatorEnvironment.put("CUDA_HOME", "/usr/local/cuda");
        emulatorEnvironment.put("NVIDIA_DRIVER_CAPABILITIES", "compute,utility");
        emulatorEnvironment.put("LD_LIBRARY_PATH", "/usr/local/cuda/lib64");
        emulatorEnvironment.put("HF_HOME", "/data/hf");
        emulatorEnvironment.put("CUDA_VISIBLE_DEVICES", "0,1,2,3");
        emulatorEnvironment.put("JL_API_KEY", "secret");
        emulatorEnvironment.put("HF_TOKEN", "hf_of_the_operator");
        emulatorEnvironment.put("NVIDIA_API_KEY", "nvapi-of-the-operator");
        emulatorEnvironment.put("AWS_SECRET_ACCESS_KEY", "aws-of-the-operator");
        emulatorEnvironment.put("JAVA_TOOL_OPTIONS", "-Dleaked=true");
        emulatorEnvironment.put("EMULATOR_ONLY", "from the emulator");
        ProcessWorkerLauncher filtered = ProcessWorkerLauncher.builder(engines)
                .ports(ports)
                .sourceEnvironment(emulatorEnvironment)
                .build();
        try {
            WorkerHandle worker = filtered.launch(launch(
                    40,
                    "vllm",
                    args("model", "m"),
                    env("w40", "HF_TOKEN", "hf_of_the_tenant", "JLS_SIM_TTFT_MS", "5"),
                    List.of()));
            startedPids.add(worker.pid());
            worker.ready().join();
            StandIns.Recorded recorded = StandIns.awaitRecord(dir.resolve("w40"));

            assertThat(recorded.env())
                    .containsEntry("PATH", path())
                    .containsEntry("HOME", "/home/operator")
                    .containsEntry("LANG", "C.UTF-8")
                    .containsEntry("LC_ALL", "C.UTF-8")
                    .containsEntry("TMPDIR", dir.toString())
                    .containsEntry("CUDA_HOME", "/usr/local/cuda")
                    .containsEntry("NVIDIA_DRIVER_CAPABILITIES", "compute,utility")
                    .containsEntry("LD_LIBRARY_PATH", "/usr/local/cuda/lib64")
                    .containsEntry("HF_HOME", "/data/hf")
                    .containsEntry("HF_TOKEN", "hf_of_the_tenant")
                    .containsEntry("JLS_SIM_TTFT_MS", "5")
                    .containsEntry("CUDA_VISIBLE_DEVICES", "")
                    .containsEntry(
                            "JLS_PARENT_PID",
                            Long.toString(ProcessHandle.current().pid()))
                    .doesNotContainKeys(
                            "JL_API_KEY",
                            "NVIDIA_API_KEY",
                            "AWS_SECRET_ACCESS_KEY",
                            "JAVA_TOOL_OPTIONS",
                            "EMULATOR_ONLY");
            assertThat(recorded.env().values())
                    .doesNotContain("secret", "hf_of_the_operator", "nvapi-of-the-operator", "-Dleaked=true");
            worker.stop(Duration.ofSeconds(5));
        } finally {
            filtered.close();
        }
    }

    @Test
    void anEnvironmentTheOperatingSystemCannotPassFailsTheStartWithoutShowingTheValue() {
        assertThatThrownBy(() -> launcher.launch(launch(
                        41, "vllm", args("model", "m"), env("w41", "HF_TOKEN", "hf_secret\u0000rest"), List.of())))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("HF_TOKEN")
                .hasMessageContaining("NUL")
                .hasMessageNotContaining("hf_secret");
        assertThat(ports.reservedBy(PortPool.workerHolder(41))).isEmpty();
    }

    @Test
    void aVllmWorkerReportsItsModelLoadedFromItsLogBeforeItIsReady() throws Exception {
        // The stand-in does not listen until this file exists, so it cannot be ready before the test looks.
        Path loaded = dir.resolve("loaded");
        WorkerHandle worker = start(launch(
                1,
                "vllm",
                args("model", "m"),
                env(
                        "w1",
                        "STANDIN_SAY",
                        "INFO 11-27 12:00:00 [gpu_model_runner.py:1] Model loading took 1.1 GiB and 3.2 seconds",
                        "STANDIN_LISTEN_AFTER",
                        loaded.toString()),
                List.of()));
        worker.modelLoaded().orElseThrow().get(READY.toSeconds(), TimeUnit.SECONDS);
        assertThat(worker.ready()).isNotDone();
        Files.createFile(loaded);
        worker.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
        worker.stop(Duration.ofSeconds(5));
    }

    @Test
    void aTemplateWorkerDoesNotReportModelLoading() {
        WorkerHandle worker = start(launch(2, "sglang", args("model", "m"), env("w2"), List.of()));
        assertThat(worker.modelLoaded()).isEmpty();
        worker.stop(Duration.ofSeconds(5));
    }

    @Test
    void workersOnAMultiGpuInventorySeeDisjointGpusOfTheirType() {
        GpuPool pool = new GpuPool(GpuFixtures.fourGpus());
        List<WorkerHandle> workers = new ArrayList<>();
        String[][] requests = {{"h100", "1"}, {"H200", "2"}, {"H100", "1"}};
        for (int i = 0; i < requests.length; i++) {
            long id = 10 + i;
            List<Gpu> gpus = pool.allocate(List.of(requests[i][0]), Integer.parseInt(requests[i][1]), "worker-" + id)
                    .orElseThrow();
            workers.add(start(launch(id, "vllm", args("model", "m"), env("gpus" + id), gpus)));
        }
        assertThat(pool.allocate(List.of("H100"), 1, "worker-99")).isEmpty();

        List<String> visible = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < workers.size(); i++) {
            workers.get(i).ready().join();
            String devices =
                    StandIns.awaitRecord(dir.resolve("gpus" + (10 + i))).env().get("CUDA_VISIBLE_DEVICES");
            visible.add(devices);
            for (String index : devices.split(",")) {
                assertThat(seen.add(index))
                        .as("GPU %s given to two workers", index)
                        .isTrue();
            }
        }
        assertThat(visible).containsExactly("0", "2,3", "1");
        Map<Integer, String> typeByIndex = new HashMap<>();
        GpuFixtures.fourGpus().forEach(gpu -> typeByIndex.put(gpu.index(), gpu.type()));
        assertThat(typeByIndex.get(0)).isEqualTo("H100");
        assertThat(typeByIndex.get(2)).isEqualTo("H200");
        assertThat(workers.stream().map(WorkerHandle::port).distinct()).hasSize(3);
    }

    @Test
    void readinessWaitsThroughASlowStart() {
        long started = System.nanoTime();
        WorkerHandle worker =
                start(launch(20, "vllm", args("model", "m"), env("slow", "STANDIN_DELAY_MS", "1500"), List.of()));
        List<String> followed = new CopyOnWriteArrayList<>();
        worker.followLogs(followed::add);
        worker.ready().join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(worker.logTail()).anyMatch(line -> line.startsWith("stand-in listening on port " + worker.port()));
        awaitCondition(
                () -> followed.stream().anyMatch(l -> l.startsWith("stand-in listening")), READY, "the followed line");
        assertThat(PortPool.isFree(worker.port())).isFalse();
    }

    @Test
    void aFailedStartCarriesTheErrorLine() {
        WorkerHandle worker = start(launch(
                21,
                "vllm",
                args("model", "m"),
                env("fail", "STANDIN_FAIL", "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"),
                List.of()));
        assertThatThrownBy(() -> worker.ready().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("exited with code 1 before it was ready")
                .hasMessageContaining("CUDA out of memory")
                .satisfies(e -> assertThat(((WorkerStartException) e).logTail())
                        .contains("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"));
        assertThat(worker.exit().join()).isEqualTo(1);
        assertThat(worker.isAlive()).isFalse();
        assertThat(ports.reservedBy(PortPool.workerHolder(21))).isEmpty();
    }

    @Test
    void aWorkerThatNeverAnswersFailsAtTheStartTimeoutAndIsStopped() {
        WorkerHandle worker =
                start(launch(22, "slow", args("model", "m"), env("never", "STANDIN_DELAY_MS", "600000"), List.of()));
        assertThatThrownBy(() -> worker.ready().join())
                .cause()
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("did not answer GET /health with 200 within 2 s");
        worker.exit().orTimeout(READY.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void aWorkerThatIgnoresSigtermIsKilledAfterTheGrace() {
        WorkerHandle worker =
                start(launch(23, "vllm", args("model", "m"), env("stubborn", "STANDIN_IGNORE_TERM", "1"), List.of()));
        worker.ready().join();
        // The stand-in must get to run its SIGTERM handler within the grace for its line to be seen; on a
        // loaded machine half a second is not enough.
        worker.stop(Duration.ofSeconds(5));
        assertThat(worker.isAlive()).isFalse();
        assertThat(worker.exit().join()).isEqualTo(128 + 9);
        assertThat(worker.logTail()).anyMatch(line -> line.contains("ignoring SIGTERM"));
        assertThat(worker.logTail()).anyMatch(line -> line.contains("sent SIGKILL"));
    }

    @Test
    void theWorkersChildrenDoNotSurviveIt() throws Exception {
        Path grandchildPid = dir.resolve("grandchild.pid");
        WorkerHandle worker = start(launch(
                24,
                "vllm",
                args("model", "m"),
                env("parent", "STANDIN_GRANDCHILD", grandchildPid.toString(), "STANDIN_IGNORE_TERM", "1"),
                List.of()));
        worker.ready().join();
        long grandchild = Long.parseLong(Files.readString(grandchildPid).strip());
        startedPids.add(grandchild);
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);

        worker.stop(Duration.ofMillis(500));
        assertThat(worker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void portsOfLiveWorkersAreNeverHandedOutAgain() {
        List<WorkerHandle> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(start(launch(30 + i, "sglang", args("model", "m"), env("ports" + i), List.of())));
        }
        workers.forEach(w -> w.ready().join());
        Set<Integer> live = new HashSet<>();
        workers.forEach(w -> live.add(w.port()));
        assertThat(live)
                .hasSize(3)
                .allSatisfy(port -> assertThat(PortPool.isFree(port)).isFalse());
        for (int i = 0; i < 200; i++) {
            assertThat(ports.reserve("probe")).isNotIn(live);
        }
        ports.release("probe");
        // A port a live worker holds but the pool has forgotten is still refused: it is checked by binding.
        PortPool narrow = new PortPool(workers.get(0).port(), workers.get(0).port());
        assertThatThrownBy(() -> narrow.reserve("probe")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTemplateEngineGetsItsPlaceholdersFilled() {
        List<Gpu> gpus = GpuFixtures.fourGpus().subList(0, 2);
        WorkerHandle worker = start(launch(
                40,
                "SGLang",
                args("model", "Qwen/Qwen2.5-7B-Instruct", "context-length", "4096", "enable-metrics", "true"),
                env("sglang"),
                gpus));
        worker.ready().join();
        StandIns.Recorded recorded = StandIns.awaitRecord(dir.resolve("sglang"));
        assertThat(recorded.args())
                .containsExactly(
                        "--model-path",
                        "Qwen/Qwen2.5-7B-Instruct",
                        "--served-model-name",
                        "Qwen/Qwen2.5-7B-Instruct",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(worker.port()),
                        "--tp",
                        "2",
                        "--gpus",
                        "0,1",
                        "--context-length",
                        "4096",
                        "--enable-metrics");
        assertThat(recorded.env()).containsEntry("CUDA_VISIBLE_DEVICES", "0,1");
    }

    @Test
    void aFrameworkWithoutEngineOrExecutableCannotStart() {
        assertThatThrownBy(() -> launcher.launch(launch(50, "ollama", args("model", "m"), Map.of(), List.of())))
                .isInstanceOf(WorkerStartException.class)
                .hasMessage(
                        "framework ollama needs an engine command: start the emulator with --engine-command ollama=...");
        ProcessWorkerLauncher missing = launcher(EngineRegistry.builder()
                .choice(EngineChoice.VLLM)
                .vllm(new VllmEngine("no-such-vllm", READY, ports))
                .path(path())
                .build());
        try {
            assertThatThrownBy(() -> missing.launch(launch(51, "vllm", args("model", "m"), Map.of(), List.of())))
                    .isInstanceOf(WorkerStartException.class)
                    .hasMessageContaining("no-such-vllm not found on PATH");
            assertThat(ports.reservedBy(PortPool.workerHolder(51))).isEmpty();
        } finally {
            missing.close();
        }
    }

    @Test
    void closeStopsEveryWorker() {
        WorkerHandle a = start(launch(60, "vllm", args("model", "m"), env("a"), List.of()));
        WorkerHandle b =
                start(launch(61, "vllm", args("model", "m"), env("b", "STANDIN_DELAY_MS", "600000"), List.of()));
        a.ready().join();
        assertThat(launcher.liveWorkers()).hasSize(2);
        launcher.close();
        assertThat(a.isAlive()).isFalse();
        assertThat(b.isAlive()).isFalse();
        assertThatThrownBy(() -> b.ready().join()).cause().hasMessageContaining("was stopped before it was ready");
        assertThatThrownBy(() -> launcher.launch(launch(62, "vllm", args("model", "m"), Map.of(), List.of())))
                .isInstanceOf(WorkerStartException.class);
    }

    @Test
    void workersDoNotOutliveAnEmulatorKilledWithSigkill() throws Exception {
        Process emulator = new ProcessBuilder(
                        SimEngine.currentJava().toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OrphanProbe.class.getName(),
                        bin.resolve("sglang-server").toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
            Optional<Long> pid = Optional.empty();
            String line;
            while (pid.isEmpty() && (line = out.readLine()) != null) {
                if (line.startsWith("worker pid ")) {
                    pid = Optional.of(Long.parseLong(
                            line.substring("worker pid ".length()).strip()));
                }
            }
            long workerPid = pid.orElseThrow(() -> new AssertionError("the probe never reported its worker"));
            startedPids.add(workerPid);
            assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive)).contains(true);

            // The worker and its watchdog.
            List<ProcessHandle> children = emulator.descendants().toList();
            assertThat(children).hasSizeGreaterThanOrEqualTo(2);
            children.forEach(child -> startedPids.add(child.pid()));

            emulator.destroyForcibly();
            emulator.waitFor(READY.toSeconds(), TimeUnit.SECONDS);
            awaitCondition(
                    () -> children.stream().noneMatch(ProcessHandle::isAlive),
                    READY,
                    "the worker of a killed emulator, and its watchdog, to end");
        } finally {
            emulator.destroyForcibly();
        }
    }
}
