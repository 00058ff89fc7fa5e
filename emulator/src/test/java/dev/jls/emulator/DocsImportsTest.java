package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java} block of the docs that uses a type of the SDK or the emulator starts with the
 * import of it, so that a reader who copies the block knows where each type comes from.
 */
class DocsImportsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern TYPE = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\b");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

    @Test
    void everyJavaBlockImportsTheJlsTypesItUses() throws IOException {
        Map<String, List<String>> published = publishedTypes();
        assertThat(published).containsKeys("JlsClient", "JlsEmulator", "DeploymentSpec");
        List<String> missing = new ArrayList<>();
        int blocks = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                int start = i + 1;
                int end = start;
                while (!lines.get(end).strip().equals("```")) {
                    end++;
                }
                blocks++;
                missing.addAll(unimported(published, lines.subList(start, end)).stream()
                        .map(type -> ROOT.relativize(doc) + ":" + start + " uses " + type + " without importing it")
                        .toList());
                i = end;
            }
        }
        assertThat(blocks).isGreaterThan(30);
        assertThat(missing).isEmpty();
    }

    /** The jls types a block names without an import (or a package of its own) that covers them. */
    static Set<String> unimported(Map<String, List<String>> published, List<String> block) {
        Set<String> imports = new TreeSet<>();
        String ownPackage = "";
        StringBuilder code = new StringBuilder();
        for (String line : block) {
            String l = line.strip();
            if (l.startsWith("import ")) {
                imports.add(l.substring("import ".length(), l.length() - 1).replace("static ", ""));
            } else if (l.startsWith("package ")) {
                ownPackage = l.substring("package ".length(), l.length() - 1);
            } else {
                // comments and strings name things without using them
                code.append(line.replaceAll("//.*", "").replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""))
                        .append('\n');
            }
        }
        Set<String> declared = new TreeSet<>();
        Matcher d = DECLARED.matcher(code);
        while (d.find()) {
            declared.add(d.group(1));
        }
        Set<String> missing = new TreeSet<>();
        Matcher m = TYPE.matcher(code);
        while (m.find()) {
            String name = m.group();
            List<String> candidates = published.get(name);
            if (candidates == null || declared.contains(name)) {
                continue;
            }
            String pkg = ownPackage;
            boolean covered = candidates.stream()
                    .anyMatch(type -> imports.contains(type)
                            || imports.contains(type.substring(0, type.lastIndexOf('.')) + ".*")
                            || type.substring(0, type.lastIndexOf('.')).equals(pkg));
            if (!covered) {
                missing.add(String.join(" or ", candidates));
            }
        }
        return missing;
    }

    /** The public types of the SDK and the emulator, by simple name: every top-level type outside {@code internal}. */
    static Map<String, List<String>> publishedTypes() throws IOException {
        Map<String, List<String>> types = new HashMap<>();
        for (String module : List.of("sdk", "emulator")) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> sources.relativize(f).toString().replace('/', '.'))
                        .filter(name -> !name.contains(".internal.") && !name.endsWith("package-info.java"))
                        .map(name -> name.substring(0, name.length() - ".java".length()))
                        .forEach(type -> types.computeIfAbsent(
                                        type.substring(type.lastIndexOf('.') + 1), k -> new ArrayList<>())
                                .add(type));
            }
        }
        return types;
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
