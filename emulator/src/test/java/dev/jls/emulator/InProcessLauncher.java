package dev.jls.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jls.emulator.internal.core.InMemoryHandle;
import dev.jls.emulator.internal.core.Liveness;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Workers that are HTTP servers inside the test's JVM, answering like vLLM with a fixed text: a fast
 * double of real worker processes for tests of the HTTP layer. {@code "max_tokens"} sets the number
 * of streamed chunks; each chunk takes {@link #chunkDelay}. A body with {@code "hold"} in it is not
 * answered until {@link #held} is counted down.
 */
final class InProcessLauncher implements WorkerLauncher {

    final List<Engine> engines = new ArrayList<>();
    volatile Duration chunkDelay = Duration.ofMillis(5);
    volatile CountDownLatch held = new CountDownLatch(0);
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();

    @Override
    public synchronized WorkerHandle launch(WorkerLaunch launch) {
        try {
            Engine e = new Engine(launch);
            engines.add(e);
            return e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        engines.forEach(e -> e.stop(Duration.ZERO));
    }

    /** One in-process engine. */
    final class Engine extends InMemoryHandle {
        final HttpServer server;

        Engine(WorkerLaunch launch) throws IOException {
            super(launch);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "in-process-engine");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/health", ex -> answer(ex, 200, "text/plain", ""));
            server.createContext("/v1/", this::complete);
            server.start();
        }

        private void complete(HttpExchange ex) throws IOException {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (body.contains("\"fail_engine\"")) {
                answer(
                        ex,
                        400,
                        "application/json",
                        "{\"error\":{\"message\":\"bad request for the engine\","
                                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}");
                return;
            }
            if (body.contains("\"hold\"")) {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = running.incrementAndGet();
            maxRunning.accumulateAndGet(n, Math::max);
            try {
                int chunks = 3;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"max_tokens\"\\s*:\\s*(\\d+)")
                        .matcher(body);
                if (m.find()) {
                    chunks = Integer.parseInt(m.group(1));
                }
                String model = launch.servedModelName();
                if (body.contains("\"stream\":true")) {
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < chunks; i++) {
                            pause();
                            out.write(
                                    ("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                                                    + "\"model\":\"" + model
                                                    + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w"
                                                    + i + " \"},\"finish_reason\":null}]}\n\n")
                                            .getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                } else {
                    for (int i = 0; i < chunks; i++) {
                        pause();
                    }
                    answer(
                            ex,
                            200,
                            "application/json",
                            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                                    + "\"created\":1718000000,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
                                    + "\"message\":{\"role\":\"assistant\",\"content\":\"hello from worker "
                                    + launch.workerId() + "\"},\"logprobs\":null,\"finish_reason\":\"stop\","
                                    + "\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":5,"
                                    + "\"completion_tokens\":2}}");
                }
            } finally {
                running.decrementAndGet();
            }
        }

        private void pause() {
            try {
                Thread.sleep(chunkDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void answer(HttpExchange ex, int status, String type, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }

        /** Dies as under kill -9: the server goes away at once. */
        @Override
        public void kill() {
            server.stop(0);
            exit.complete(137);
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public int port() {
            return server.getAddress().getPort();
        }

        @Override
        public CompletableFuture<Void> ready() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Liveness> probe(Duration timeout) {
            // the server answers /health for as long as it runs
            return CompletableFuture.completedFuture(
                    isAlive() ? new Liveness(true, OptionalLong.empty()) : Liveness.SILENT);
        }

        @Override
        public List<String> logTail() {
            return List.of("in-process engine " + launch.workerId() + " serving " + launch.model());
        }

        @Override
        public AutoCloseable followLogs(Consumer<String> sink) {
            return () -> {};
        }

        @Override
        public void stop(Duration grace) {
            if (!exit.isDone()) {
                server.stop(0);
                exit.complete(143);
            }
        }
    }
}
