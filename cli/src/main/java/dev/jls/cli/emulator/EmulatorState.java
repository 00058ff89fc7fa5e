package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running emulator {@code jls emulator start} left behind, as {@code emulator.json} in the config
 * directory: its process id, base URL and log file. {@code stop} and {@code status} read it.
 *
 * @param pid the emulator's process id
 * @param baseUrl where it serves, e.g. http://127.0.0.1:8765
 * @param logFile its output (detached), or empty when it runs in a terminal
 * @param startedAt when it started, ISO-8601
 * @param detached whether it runs in the background
 * @param dataDir where it keeps its state, or empty when it keeps it in memory only
 */
public record EmulatorState(
        long pid, String baseUrl, Optional<Path> logFile, String startedAt, boolean detached, Optional<Path> dataDir) {

    static final String FILE = "emulator.json";
    static final String LOG = "emulator.log";

    static Optional<EmulatorState> read(ConfigDir dir) {
        String text;
        try {
            text = Files.readString(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        JsonNode node;
        try {
            node = Documents.parse(text);
        } catch (IllegalArgumentException corrupt) {
            return Optional.empty();
        }
        if (!node.path("pid").canConvertToLong() || !node.path("base_url").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new EmulatorState(
                node.get("pid").asLong(),
                node.get("base_url").asText(),
                node.hasNonNull("log_file")
                        ? Optional.of(Path.of(node.get("log_file").asText()))
                        : Optional.empty(),
                node.path("started_at").asText(""),
                node.path("detached").asBoolean(false),
                node.hasNonNull("data_dir")
                        ? Optional.of(Path.of(node.get("data_dir").asText()))
                        : Optional.empty()));
    }

    void write(ConfigDir dir) throws IOException {
        dir.writePrivate(FILE, Documents.pretty(toJson()) + "\n");
    }

    /** Forgets the emulator: its state file, and the key file a background one was started with. */
    static void delete(ConfigDir dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
            Files.deleteIfExists(dir.resolve(EmulatorStart.KEYS));
        } catch (IOException e) {
            // A stale state file is detected by its dead pid next time; nothing else depends on it.
        }
    }

    ObjectNode toJson() {
        ObjectNode node = Documents.object();
        node.put("pid", pid);
        node.put("base_url", baseUrl);
        logFile.ifPresent(p -> node.put("log_file", p.toString()));
        node.put("started_at", startedAt);
        node.put("detached", detached);
        dataDir.ifPresent(p -> node.put("data_dir", p.toString()));
        return node;
    }

    /** The process, when it is still alive and still an emulator (a reused pid is not ours). */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(EmulatorState::looksLikeEmulator);
    }

    private static boolean looksLikeEmulator(ProcessHandle handle) {
        if (handle.pid() == ProcessHandle.current().pid()) {
            return true;
        }
        Optional<String> command =
                handle.info().commandLine().or(() -> handle.info().command());
        // Without a readable command line (another user's process, some platforms) trust the state file.
        return command.map(c -> c.contains("java") || c.contains("jls")).orElse(true);
    }
}
