package dev.jls.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Named profiles in {@code profiles.json} under the {@link ConfigDir}:
 * {@code {"current": "emulator", "profiles": {"emulator": {"base_url": "...", "api_key": "...", "region": "IN2"}}}}.
 * {@code current} is the profile {@code jls profile use} (or {@code jls emulator start}) chose. The file is
 * written atomically with mode 0600.
 */
public final class ProfileStore {

    static final String FILE = "profiles.json";

    private final ConfigDir dir;

    public ProfileStore(ConfigDir dir) {
        this.dir = dir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    public Optional<Profile> get(String name) {
        return Optional.ofNullable(all().get(name));
    }

    /** Every profile, by name in alphabetical order; empty when the file does not exist yet. */
    public Map<String, Profile> all() {
        Map<String, Profile> profiles = new TreeMap<>();
        JsonNode root = read();
        for (Map.Entry<String, JsonNode> entry : root.path("profiles").properties()) {
            JsonNode p = entry.getValue();
            profiles.put(entry.getKey(), Profile.of(text(p, "base_url"), text(p, "api_key"), text(p, "region")));
        }
        return profiles;
    }

    /** The profile chosen with {@code jls profile use}, when one is and it still exists. */
    public Optional<String> current() {
        ObjectNode root = read();
        String name = text(root, "current");
        return Optional.ofNullable(name).filter(root.path("profiles")::has);
    }

    /** Makes {@code name}, which must exist, the current profile. */
    public void use(String name) {
        ObjectNode root = read();
        if (!root.path("profiles").has(name)) {
            throw new CommandFailure(
                    ExitCodes.NOT_FOUND, "no profile '" + name + "' in " + file() + " (known: " + known() + ")");
        }
        root.put("current", name);
        write(root);
    }

    /** The names of the saved profiles, for messages: "emulator, prod", or "none". */
    public String known() {
        String names = String.join(", ", all().keySet());
        return names.isEmpty() ? "none" : names;
    }

    public void save(String name, Profile profile) {
        ObjectNode root = read();
        ObjectNode profiles = root.has("profiles") && root.get("profiles").isObject()
                ? (ObjectNode) root.get("profiles")
                : root.putObject("profiles");
        ObjectNode entry = profiles.putObject(name);
        profile.baseUrl().ifPresent(v -> entry.put("base_url", v));
        profile.apiKey().ifPresent(v -> entry.put("api_key", v));
        profile.region().ifPresent(v -> entry.put("region", v));
        write(root);
    }

    /** Removes a profile, and its being current; false when there was none by that name. */
    public boolean delete(String name) {
        ObjectNode root = read();
        JsonNode profiles = root.path("profiles");
        if (!profiles.isObject() || !profiles.has(name)) {
            return false;
        }
        ((ObjectNode) profiles).remove(name);
        if (name.equals(text(root, "current"))) {
            root.remove("current");
        }
        write(root);
        return true;
    }

    private ObjectNode read() {
        String text;
        try {
            text = Files.readString(file());
        } catch (NoSuchFileException absent) {
            return Documents.object();
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.ERROR, "cannot read " + file() + ": " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            return Documents.object();
        }
        JsonNode root;
        try {
            root = Documents.parse(text);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.ERROR, file() + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new CommandFailure(ExitCodes.ERROR, file() + " must hold a JSON object");
        }
        return (ObjectNode) root;
    }

    private void write(ObjectNode root) {
        try {
            dir.writePrivate(FILE, Documents.pretty(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
