package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.Documents;
import dev.jls.cli.ErrorReport;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Profile;
import dev.jls.emulator.internal.store.DataDir;
import dev.jls.sdk.JlsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;

/** {@code jls emulator status}: is it running, where, and what it runs. */
@Command(
        name = "status",
        description = {
            "Show whether the emulator started with `jls emulator start` is running:"
                    + " its URL, pid, version, data directory and its size, deployments and GPUs.",
            "Exit code 0 when it is running, 1 when not."
        })
public final class EmulatorStatus extends JlsCommand {

    @Override
    protected int run() {
        ConfigDir dir = jls().configDir();
        Optional<EmulatorState> state = EmulatorState.read(dir);
        Optional<ProcessHandle> process = state.flatMap(EmulatorState::process);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Optional<String> health = state.flatMap(s -> EmulatorProcess.health(http, s.baseUrl()));
        // the answer must come from the emulator started here, not from a server that took its port since
        boolean another =
                process.isPresent() && health.isPresent() && !EmulatorProcess.answeredBy(process.get(), health.get());
        boolean running = process.isPresent() && health.isPresent() && !another;
        ObjectNode doc = Documents.object();
        doc.put("running", running);
        // the data directory the emulator runs on, or the one the next start will use
        DataDir data = state.flatMap(EmulatorState::dataDir)
                .map(DataDir::new)
                .orElseGet(() -> DataDir.defaultFor(jls().env()));
        boolean inMemory = running && state.get().dataDir().isEmpty();
        if (!inMemory) {
            doc.put("data_dir", data.path().toString());
            doc.put("data_dir_bytes", data.size());
        }
        String dataLine = inMemory
                ? "in memory only (started with --ephemeral)"
                : data + " (" + DataSize.describe(data.size()) + ")";
        if (state.isEmpty()) {
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("Not running. Start it with: jls emulator start --detach");
                output().line("Data: " + dataLine);
            }
            return ExitCodes.ERROR;
        }
        EmulatorState s = state.get();
        doc.put("base_url", s.baseUrl());
        doc.put("pid", s.pid());
        doc.put("detached", s.detached());
        s.logFile().ifPresent(p -> doc.put("log_file", p.toString()));
        doc.put("started_at", s.startedAt());
        if (!running) {
            doc.put(
                    "problem",
                    process.isEmpty()
                            ? "process " + s.pid() + " is gone"
                            : another
                                    ? "another server answers " + s.baseUrl() + "/healthz, not process " + s.pid()
                                    : "it does not answer /healthz");
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("Not running: " + doc.get("problem").asText() + " (last started at " + s.baseUrl()
                        + ").");
                output().line("Data: " + dataLine);
            }
            return ExitCodes.ERROR;
        }
        try {
            JsonNode healthJson = Documents.parse(health.get());
            if (healthJson.has("version")) {
                doc.put("version", healthJson.get("version").asText());
            }
        } catch (IllegalArgumentException notJson) {
            // The version is a nicety; an emulator answering 200 is running all the same.
        }
        Optional<Profile> profile = jls().profiles()
                .get(EmulatorStart.PROFILE)
                .filter(p -> p.baseUrl().map(u -> u.equals(s.baseUrl())).orElse(false));
        if (profile.isPresent() && profile.get().apiKey().isPresent()) {
            try (JlsClient client = JlsClient.builder()
                    .baseUrl(s.baseUrl())
                    .apiKey(profile.get().apiKey().get())
                    .maxRetries(0)
                    .timeout(Duration.ofSeconds(5))
                    .build()) {
                doc.put("deployments", client.deployments().list().deployments().size());
            } catch (RuntimeException e) {
                doc.put("deployments_error", ErrorReport.message(e));
            }
        }
        List<PoolGpu> gpus = profile.flatMap(Profile::apiKey)
                .map(key -> gpuPool(http, s.baseUrl(), key))
                .orElse(List.of());
        if (!gpus.isEmpty()) {
            var pool = doc.putArray("gpus");
            for (PoolGpu g : gpus) {
                ObjectNode entry = pool.addObject();
                entry.put("index", g.index())
                        .put("type", g.type())
                        .put("name", g.name())
                        .put("memory_total_mib", g.memoryTotalMiB());
                if (g.holder().isEmpty()) {
                    entry.putNull("holder");
                } else {
                    entry.put("holder", g.holder());
                }
            }
        }
        if (output().isJson()) {
            output().json(doc);
            return ExitCodes.OK;
        }
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"status", output().green("running")});
        fields.add(new String[] {"url", s.baseUrl()});
        fields.add(new String[] {"pid", s.pid() + (s.detached() ? " (background)" : " (in a terminal)")});
        if (doc.has("version")) {
            fields.add(new String[] {"version", doc.get("version").asText()});
        }
        fields.add(new String[] {"started", s.startedAt()});
        s.logFile().ifPresent(p -> fields.add(new String[] {"log", p.toString()}));
        fields.add(new String[] {"data", dataLine});
        if (doc.has("deployments")) {
            fields.add(new String[] {"deployments", doc.get("deployments").asText()});
        } else if (doc.has("deployments_error")) {
            fields.add(new String[] {
                "deployments", "unknown: " + doc.get("deployments_error").asText()
            });
        }
        for (PoolGpu g : gpus) {
            fields.add(new String[] {
                "gpu " + g.index(),
                g.type() + " (" + g.name() + ", " + g.memoryTotalMiB() + " MiB): "
                        + (g.holder().isEmpty() ? "free" : "held by " + g.holder())
            });
        }
        output().fields(fields);
        return ExitCodes.OK;
    }

    /** One GPU of the emulator's pool, as its {@code jls_gpu} series says. */
    private record PoolGpu(int index, String type, String name, long memoryTotalMiB, String holder) {}

    private static final Pattern GPU_SERIES = Pattern.compile("^jls_gpu\\{index=\"(\\d+)\",type=\"([^\"]*)\","
            + "name=\"([^\"]*)\",memory_total_mib=\"(\\d+)\",holder=\"([^\"]*)\"\\}\\s+\\S+$");

    /** Each GPU of the pool with its holder, from the emulator's {@code jls_gpu} series; empty without it. */
    private static List<PoolGpu> gpuPool(HttpClient http, String baseUrl, String apiKey) {
        try {
            HttpResponse<String> metrics = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                            .header("Authorization", "Bearer " + apiKey)
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                return List.of();
            }
            return metrics.body()
                    .lines()
                    .map(GPU_SERIES::matcher)
                    .filter(Matcher::matches)
                    .map(m -> new PoolGpu(
                            Integer.parseInt(m.group(1)),
                            m.group(2),
                            m.group(3),
                            Long.parseLong(m.group(4)),
                            m.group(5)))
                    .toList();
        } catch (java.io.IOException | NumberFormatException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
