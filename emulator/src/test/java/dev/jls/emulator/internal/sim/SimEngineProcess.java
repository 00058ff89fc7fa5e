package dev.jls.emulator.internal.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated engine as a real child process on a free port, for tests and the benchmark: started
 * with {@link SimEngineMain#javaCommand(List)}, its output kept, stopped by {@link #close()} (SIGTERM,
 * then SIGKILL).
 */
final class SimEngineProcess implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final Process process;
    final int port;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());

    private SimEngineProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        drain(process.getInputStream(), stdout, "stdout");
        drain(process.getErrorStream(), stderr, "stderr");
    }

    /** Starts {@code model --host 127.0.0.1 --port <free> extraArgs...} with {@code env} added. */
    static SimEngineProcess start(Map<String, String> env, String... extraArgs) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("test/model", "--host", "127.0.0.1", "--port", "" + port));
        args.addAll(List.of(extraArgs));
        return startRaw(env, args, port);
    }

    /** Starts the engine with exactly {@code args}; {@code port} is where tests will look for it. */
    static SimEngineProcess startRaw(Map<String, String> env, List<String> args, int port) {
        return startCommand(env, SimEngineMain.javaCommand(args), port);
    }

    /** Starts {@code command}, a whole command line; {@code port} is where tests will look for it. */
    static SimEngineProcess startCommand(Map<String, String> env, List<String> command, int port) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("JLS_SIM_"));
        builder.environment().putAll(env);
        try {
            return new SimEngineProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts and waits for {@code /health} to answer 200. */
    static SimEngineProcess startHealthy(Map<String, String> env, String... extraArgs) {
        SimEngineProcess engine = start(env, extraArgs);
        try {
            // A JVM start on a loaded machine takes seconds; the deadline only bounds how long a failure takes.
            engine.awaitHealthy(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    void awaitHealthy(Duration timeout) {
        await(timeout, "GET /health to answer 200", () -> healthStatus() == 200);
    }

    /** The status of {@code GET /health}, or -1 while the connection is refused. */
    int healthStatus() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "the engine exited with " + process.exitValue() + "; output: " + stdout + " " + stderr);
        }
        try {
            return get("/health").statusCode();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ConnectException) {
                return -1;
            }
            throw e;
        }
    }

    /** Waits for {@code condition}, checking every few milliseconds, failing after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the first sample of {@code name} in {@code /metrics}. */
    double metric(String name) {
        String text = get("/metrics").body();
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no metric " + name + " in " + text);
        }
        return Double.parseDouble(m.group(2));
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** The exit code, waiting up to {@code timeout} for the process to end. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the engine did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGTERM, then SIGKILL after thirty seconds; returns once the process is gone. */
    @Override
    public void close() {
        // Process.destroy() would also close our end of its stdout, losing the shutdown lines.
        process.toHandle().destroy();
        try {
            // Tests check the exit code of a clean shutdown, which a loaded machine can take seconds to run.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in, List<String> lines, String name) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // The process ended; what it wrote is kept.
                    }
                },
                "sim-" + name);
        reader.setDaemon(true);
        reader.start();
    }
}
