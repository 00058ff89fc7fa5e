package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.Documents;
import dev.jls.cli.ErrorReport;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Profile;
import dev.jls.sdk.JlsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code jls emulator status}: is it running, where, and what it runs. */
@Command(name = "status", description = {"Show whether the emulator started with `jls emulator start` is running:"
        + " its URL, pid, version, deployments and GPUs.", "Exit code 0 when it is running, 1 when not."})
public final class EmulatorStatus extends JlsCommand {

    @Override
    protected int run() {
        ConfigDir dir = jls().configDir();
        Optional<EmulatorState> state = EmulatorState.read(dir);
        Optional<ProcessHandle> process = state.flatMap(EmulatorState::process);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Optional<String> health = state.flatMap(s -> EmulatorProcess.health(http, s.baseUrl()));
        boolean running = process.isPresent() && health.isPresent();
        ObjectNode doc = Documents.object();
        doc.put("running", running);
        if (state.isEmpty()) {
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("Not running. Start it with: jls emulator start --detach");
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
            doc.put("problem", process.isEmpty() ? "process " + s.pid() + " is gone" : "it does not answer /healthz");
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("Not running: " + doc.get("problem").asText() + " (last started at " + s.baseUrl() + ").");
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
        Optional<Profile> profile = jls().profiles().get(EmulatorStart.PROFILE)
                .filter(p -> p.baseUrl().map(u -> u.equals(s.baseUrl())).orElse(false));
        if (profile.isPresent() && profile.get().apiKey().isPresent()) {
            try (JlsClient client = JlsClient.builder().baseUrl(s.baseUrl()).apiKey(profile.get().apiKey().get())
                    .maxRetries(0).timeout(Duration.ofSeconds(5)).build()) {
                doc.put("deployments", client.deployments().list().size());
            } catch (RuntimeException e) {
                doc.put("deployments_error", ErrorReport.message(e));
            }
        }
        Map<String, Map<String, Long>> gpus = profile.flatMap(Profile::apiKey)
                .map(key -> gpuPool(http, s.baseUrl(), key)).orElse(Map.of());
        if (!gpus.isEmpty()) {
            ObjectNode pool = doc.putObject("gpus");
            gpus.forEach((type, states) -> {
                ObjectNode entry = pool.putObject(type);
                states.forEach(entry::put);
            });
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
        if (doc.has("deployments")) {
            fields.add(new String[] {"deployments", doc.get("deployments").asText()});
        } else if (doc.has("deployments_error")) {
            fields.add(new String[] {"deployments", "unknown: " + doc.get("deployments_error").asText()});
        }
        if (!gpus.isEmpty()) {
            fields.add(new String[] {"gpus", gpus.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().entrySet().stream()
                            .map(st -> st.getValue() + " " + st.getKey()).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("; "))});
        }
        output().fields(fields);
        return ExitCodes.OK;
    }

    private static final Pattern GPU_GAUGE =
            Pattern.compile("^jls_gpus\\{type=\"([^\"]*)\",state=\"([^\"]*)\"\\}\\s+([0-9.eE+-]+)$");

    /** The GPU pool by type and state (free, held), from the emulator's {@code jls_gpus} gauge; empty without it. */
    private static Map<String, Map<String, Long>> gpuPool(HttpClient http, String baseUrl, String apiKey) {
        Map<String, Map<String, Long>> pool = new TreeMap<>();
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .header("Authorization", "Bearer " + apiKey)
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() == 200) {
                metrics.body().lines().map(GPU_GAUGE::matcher).filter(Matcher::matches).forEach(m -> pool
                        .computeIfAbsent(m.group(1), t -> new TreeMap<>())
                        .put(m.group(2), (long) Double.parseDouble(m.group(3))));
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return pool;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pool;
    }
}
