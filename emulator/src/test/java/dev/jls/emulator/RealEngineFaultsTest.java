package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.internal.sim.SimEngineMain;
import dev.jls.emulator.junit.JlsEmulatorExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults on a worker that is not the simulated engine as far as the emulator knows: a framework run by
 * an {@code --engine-command} (here the simulated engine's own command line, so no GPU is needed). Such
 * a worker takes only what can be done from outside its process.
 */
@Tag("slow")
@EnabledOnOs(OS.LINUX)
class RealEngineFaultsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String KEY = "real-engine-faults-key";

    @RegisterExtension
    static final JlsEmulatorExtension EXTENSION = new JlsEmulatorExtension(JlsEmulator.builder()
            .options(new EmulatorOptions()
                    .addApiKey(KEY)
                    .gpus("H100:4")
                    .adminRoutes(true)
                    .workerStartBackoff(Duration.ofMillis(100))
                    .workerStopGrace(Duration.ofSeconds(1))
                    .deleteGrace(Duration.ofSeconds(1))
                    .engineCommands(List.of("sglang=" + engineTemplate()))));

    static RawHttp http;

    /** The simulated engine's command, as an operator would give another server's. */
    private static String engineTemplate() {
        return SimEngineMain.javaCommand(
                        List.of("{model}", "--port", "{port}", "--served-model-name", "{served_model_name}"))
                .stream()
                .map(word -> word.startsWith("{") ? word : "'" + word + "'")
                .collect(Collectors.joining(" "));
    }

    @BeforeAll
    static void connect() {
        http = new RawHttp(EXTENSION.baseUrl(), KEY);
    }

    private static String deploy(String name) {
        HttpResponse<String> r = http.post(
                "/management/create",
                "{\"name\": \"" + name + "\", \"framework\": \"sglang\", \"gpus_to_use\": {\"gpus\": [\"H100\"]},"
                        + " \"min_workers\": 1, \"max_workers\": 2,"
                        + " \"args\": {\"model\": \"Qwen/Qwen3-0.6B\", \"served-model-name\": \"qwen\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = RawHttp.json(r).get("deployment_id").asText();
        awaitHealthy(id, 1);
        return id;
    }

    private static List<JsonNode> healthy(String id) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode w :
                RawHttp.json(http.get("/management/" + id)).path("workers").path("list")) {
            if ("healthy".equals(w.path("status").asText())) {
                out.add(w);
            }
        }
        return out;
    }

    private static void awaitHealthy(String id, int workers) {
        Eventually.await(
                DEADLINE,
                id + " has " + workers + " healthy workers",
                () -> healthy(id).size() == workers);
    }

    /** The state letter of {@code /proc/PID/stat}: {@code T} when stopped. */
    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void faultsThatNeedTheSimulatedEngineAreRefused() {
        String dep = deploy("real-refused");
        try {
            JlsEmulator emulator = EXTENSION.emulator();
            assertThatThrownBy(() -> emulator.faults().deployment(dep).slow(Duration.ofMillis(100), 10))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("simulated engine");
            HttpResponse<String> r = http.method(
                    "PUT", "/_emulator/deployments/" + dep + "/faults", "{\"error_rate\": {\"rate\": 0.5}}");
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("simulated engine");
            assertThat(emulator.faults().deployment(dep).current()).isEqualTo(Faults.NONE);
        } finally {
            http.method("DELETE", "/management/" + dep, null);
        }
    }

    @Test
    void aHangStopsTheProcessAndClearingContinuesIt() {
        String dep = deploy("real-hang");
        try {
            long pid = healthy(dep).get(0).path("pid").asLong();
            EXTENSION.emulator().faults().deployment(dep).hang();
            assertThat(state(pid)).isEqualTo('T');
            EXTENSION.emulator().faults().deployment(dep).clear();
            assertThat(state(pid)).isNotEqualTo('T');
            assertThat(http.post(
                                    "/openai/" + dep + "/v1/chat/completions",
                                    "{\"messages\": [{\"role\": \"user\","
                                            + " \"content\": \"hi\"}], \"max_tokens\": 2}")
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            http.method("DELETE", "/management/" + dep, null);
        }
    }

    @Test
    void aCrashKillsTheProcessAndAFailingStartNeverLaunches() {
        String dep = deploy("real-crash");
        try {
            long worker = healthy(dep).get(0).path("worker_id").asLong();
            long pid = healthy(dep).get(0).path("pid").asLong();
            EXTENSION.emulator().faults().deployment(dep).failNextStarts(1, "no engine today");
            Faults after = EXTENSION.emulator().faults().worker(dep, worker).crashOnNextRequest();
            assertThat(after.crashAfterTokens()).hasValue(0);
            Eventually.await(
                    DEADLINE,
                    "process " + pid + " is gone",
                    () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            // the first replacement fails to start, the next one runs
            Eventually.await(DEADLINE, "a replacement runs", () -> {
                List<JsonNode> now = healthy(dep);
                return now.size() == 1 && now.get(0).path("worker_id").asLong() != worker;
            });
            assertThat(EXTENSION.emulator().faults().deployment(dep).current()).isEqualTo(Faults.NONE);
        } finally {
            http.method("DELETE", "/management/" + dep, null);
        }
    }
}
