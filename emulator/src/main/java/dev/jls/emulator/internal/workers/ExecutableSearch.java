package dev.jls.emulator.internal.workers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable the way a shell would, on a given {@code PATH}. */
final class ExecutableSearch {

    private ExecutableSearch() {}

    /**
     * Where {@code executable} is: itself when it names a path, else the first executable file of that
     * name in the directories of {@code path} (a {@code PATH} value, may be null).
     */
    static Optional<Path> find(String executable, String path) {
        if (executable.contains(File.separator)) {
            Path file = Path.of(executable);
            return isExecutableFile(file) ? Optional.of(file.toAbsolutePath()) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path file = Path.of(directory).resolve(executable);
            if (isExecutableFile(file)) {
                return Optional.of(file.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
