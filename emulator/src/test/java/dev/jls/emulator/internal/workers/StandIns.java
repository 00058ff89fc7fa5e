package dev.jls.emulator.internal.workers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** Writes stand-in executables for the tests and reads what they recorded. */
final class StandIns {

    private StandIns() {}

    /** Where the test classes are, to put the stand-in's main class on its classpath. */
    static Path testClasses() {
        try {
            return Path.of(StandInServer.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An executable shell script {@code dir/name} that runs {@link StandInServer} with its arguments. */
    static Path executable(Path dir, String name) {
        String script = "#!/bin/sh\nexec '"
                + SimEngine.currentJava()
                + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx32m -cp '"
                + testClasses()
                + "' "
                + StandInServer.class.getName()
                + " \"$@\"\n";
        return script(dir, name, script);
    }

    /** An executable shell script {@code dir/name} with the given text. */
    static Path script(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a stand-in recorded: its arguments (without the executable) and its environment. */
    record Recorded(List<String> args, Map<String, String> env, long pid) {}

    static Recorded awaitRecord(Path file) {
        awaitCondition(() -> Files.exists(file), Duration.ofSeconds(60), "the stand-in's record " + file);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>();
        int argc = Integer.parseInt(properties.getProperty("argc"));
        for (int i = 0; i < argc; i++) {
            args.add(properties.getProperty("arg." + i));
        }
        Map<String, String> env = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("env.")) {
                env.put(key.substring(4), properties.getProperty(key));
            }
        }
        return new Recorded(args, env, Long.parseLong(properties.getProperty("pid")));
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void awaitCondition(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20); // polling interval of a condition with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
