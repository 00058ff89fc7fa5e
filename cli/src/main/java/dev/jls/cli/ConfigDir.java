package dev.jls.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The directory holding {@code profiles.json}, the detached emulator's state and log, and the request ids
 * kept for shell completion ({@link RequestHistory}):
 * {@code $JLS_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/jls}, else {@code ~/.config/jls}.
 */
public record ConfigDir(Path path) {

    public static ConfigDir resolve(Map<String, String> env) {
        String explicit = env.get("JLS_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigDir(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new ConfigDir(Path.of(xdg, "jls"));
        }
        return new ConfigDir(Path.of(System.getProperty("user.home"), ".config", "jls"));
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Creates the directory if needed, readable by its owner only (it holds API keys). */
    public Path create() throws IOException {
        if (!Files.isDirectory(path)) {
            try {
                Files.createDirectories(path.getParent() == null ? path : path.getParent());
                Files.createDirectory(path, posix("rwx------"));
            } catch (FileAlreadyExistsException raced) {
                // Another jls created it between the check and here; that is fine.
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(path);
            }
        }
        return path;
    }

    /**
     * Replaces {@code name} with {@code content} atomically, the new file readable and writable by its
     * owner only from the moment it exists (0600), so a key is never briefly visible to others.
     */
    public void writePrivate(String name, String content) throws IOException {
        create();
        Path target = path.resolve(name);
        Path temp;
        try {
            temp = Files.createTempFile(path, "." + name, ".tmp", posix("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            temp = Files.createTempFile(path, "." + name, ".tmp");
        }
        try {
            Files.writeString(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static java.nio.file.attribute.FileAttribute<?> posix(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
