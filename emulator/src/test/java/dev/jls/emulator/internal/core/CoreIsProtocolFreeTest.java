package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core owns its ports and knows no protocol, process or server: adapters plug in from outside
 * ({@code engine}, {@code workers}, {@code gpu}, {@code http}), composed by {@code JlsEmulator}.
 * Read from the sources, so that a fully qualified name in code counts as much as an import.
 */
class CoreIsProtocolFreeTest {

    private static final Path CORE = Path.of("src/main/java/dev/jls/emulator/internal/core");
    private static final List<String> FORBIDDEN = List.of(
            "java.net",
            "com.fasterxml",
            "io.undertow",
            "org.xnio",
            "picocli",
            "okhttp3",
            "java.lang.ProcessBuilder",
            "java.lang.Process",
            "dev.jls.sdk");
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    // ProcessBuilder, Process or ProcessHandle used by their simple names (java.lang needs no import)
    private static final Pattern PROCESS = Pattern.compile("\\b(ProcessBuilder|Process|ProcessHandle)\\b");

    @Test
    void coreImportsNoProtocolProcessOrServerLibraryAndNoOtherEmulatorPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("dev.jls.emulator.") && !name.startsWith("dev.jls.emulator.internal.core.")) {
                    violations.add(file.getFileName() + " imports " + name);
                }
                FORBIDDEN.stream()
                        .filter(f -> name.equals(f) || name.startsWith(f + "."))
                        .forEach(f -> violations.add(file.getFileName() + " imports " + name));
            }
            String code = withoutCommentsAndStrings(text);
            for (String f : FORBIDDEN) {
                if (code.contains(f + ".") && !code.contains("import " + f)) {
                    violations.add(file.getFileName() + " names " + f);
                }
            }
            if (code.contains("dev.jls.emulator.")
                    && code.replace("dev.jls.emulator.internal.core", "").contains("dev.jls.emulator.")) {
                violations.add(file.getFileName() + " names another emulator package");
            }
            Matcher p = PROCESS.matcher(code);
            if (p.find()) {
                violations.add(file.getFileName() + " uses " + p.group(1));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theScanSeesTheCore() throws IOException {
        assertThat(sources())
                .extracting(f -> f.getFileName().toString())
                .contains("Cluster.java", "EngineClient.java", "WorkerLauncher.java", "Gpu.java");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(CORE)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String withoutCommentsAndStrings(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("//[^\\n]*", "")
                .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"");
    }
}
