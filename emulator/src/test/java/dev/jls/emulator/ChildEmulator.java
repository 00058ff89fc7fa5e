package dev.jls.emulator;

import dev.jls.emulator.internal.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The emulator as its own process, started from the test classpath with the flags {@code jls emulator
 * start --detach} uses: for measuring what the emulator alone holds (descriptors, memory), without
 * what the test's own clients hold. Linux only (it reads {@code /proc}).
 */
public final class ChildEmulator implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output = new ArrayList<>();

    private ChildEmulator(List<String> options, Duration startTimeout) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--port",
                "0"));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(listening), "child-emulator-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening
                    .orTimeout(startTimeout.toSeconds(), TimeUnit.SECONDS)
                    .join();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts an emulator of one key, four simulated H100s and the simulated engine, with {@code options}
     * beyond those and a free port; returns once it listens.
     */
    public static ChildEmulator start(Duration startTimeout, String apiKey, String... options) throws IOException {
        List<String> all = new ArrayList<>(List.of("--api-key", apiKey, "--gpus", "H100:4", "--engine", "sim"));
        all.addAll(List.of(options));
        return new ChildEmulator(all, startTimeout);
    }

    // the output is drained to its end, so that the emulator never blocks on a full pipe
    private void read(CompletableFuture<Integer> listening) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    listening.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the emulator is gone
        }
        synchronized (output) {
            listening.completeExceptionally(new IllegalStateException("the emulator ended: " + output));
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** How many file descriptors the emulator has open now. */
    public long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emulator's resident memory now, in MiB. */
    public double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the emulator (SIGTERM, which stops its workers; SIGKILL after 30 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
