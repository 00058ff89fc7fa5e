package dev.jls.emulator.internal.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated engine's HTTP layer on the JDK's own server: one routes table, one small handler per
 * route, vLLM's shapes and status codes.
 *
 * <p>Threads are made on demand and dropped after a few idle seconds: an idle worker keeps almost none,
 * and a paced stream holds one thread for its whole life, so up to {@value #MAX_THREADS} requests can
 * be in flight at once.
 */
final class SimHttpServer {

    private static final int MAX_THREADS = 2048;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private record Route(String method, Handler handler) {}

    private final SimEngineCore engine;
    private final Map<String, Route> routes;
    private final ThreadPoolExecutor threads;
    private HttpServer server;

    SimHttpServer(SimEngineCore engine) {
        this.engine = engine;
        this.routes = Map.of(
                "/health", new Route("GET", this::health),
                "/v1/models", new Route("GET", this::models),
                "/v1/chat/completions", new Route("POST", e -> generate(e, SimRequest.Kind.CHAT)),
                "/v1/completions", new Route("POST", e -> generate(e, SimRequest.Kind.COMPLETION)),
                "/metrics", new Route("GET", this::metrics),
                "/_sim/faults", new Route("POST", this::faults));
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, MAX_THREADS, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sim-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds and starts serving; before this returns, connections are refused. */
    void start(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.createContext("/", this::dispatch);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and closes what is left, waiting at most {@code seconds}. */
    void stop(int seconds) {
        server.stop(seconds);
        threads.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            Route route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                send(exchange, 404, "application/json", SimResponses.detail("Not Found"));
                return;
            }
            if (!route.method().equals(exchange.getRequestMethod())) {
                send(exchange, 405, "application/json", SimResponses.detail("Method Not Allowed"));
                return;
            }
            try {
                route.handler().handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                engine.error("unexpected failure on " + exchange.getRequestURI().getPath() + ": " + e);
                if (exchange.getResponseCode() == -1) {
                    send(
                            exchange,
                            500,
                            "application/json",
                            SimResponses.error(SimApiException.internal(String.valueOf(e.getMessage()))));
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
    }

    private void models(HttpExchange exchange) throws IOException {
        send(exchange, 200, "application/json", SimResponses.models(engine.args(), engine.startedEpochSecond()));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        send(
                exchange,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                engine.metrics().render().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code POST /_sim/faults}: replaces the pace and faults with those of a JSON object of {@code
     * JLS_SIM_*} variables, read as at start (a missing variable takes its default); answers {@code
     * {"settings": "<the log line>"}}, or 400 naming the variable that cannot be read.
     */
    private void faults(HttpExchange exchange) throws IOException {
        Map<String, String> variables = new HashMap<>();
        SimSettings next;
        try {
            if (!(SimJson.read(exchange.getRequestBody().readAllBytes()) instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException("expected a JSON object of JLS_SIM_* variables");
            }
            object.forEach((name, value) -> {
                if (value != null) {
                    variables.put(String.valueOf(name), String.valueOf(value));
                }
            });
            next = SimSettings.fromEnvironment(variables);
        } catch (IOException | IllegalArgumentException e) {
            send(exchange, 400, "application/json", SimResponses.detail(String.valueOf(e.getMessage())));
            return;
        }
        engine.retune(next);
        String line = engine.settings().describe();
        send(exchange, 200, "application/json", SimJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("settings", line);
            json.writeEndObject();
        }));
    }

    private void generate(HttpExchange exchange, SimRequest.Kind kind) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String requestId = kind.idPrefix + requestIdOf(exchange);

        SimRequest request;
        String model;
        List<Integer> limits = new ArrayList<>();
        try {
            request = SimRequest.parse(kind, body);
            model = engine.resolveModel(request.model());
            for (SimRequest.Prompt prompt : request.prompts()) {
                limits.add(request.limitFor(prompt, engine.args().maxModelLen()));
            }
        } catch (SimApiException e) {
            engine.warn(requestId + " POST " + path + " " + e.status() + " " + e.type() + ": " + e.getMessage());
            send(exchange, e.status(), "application/json", SimResponses.error(e));
            return;
        }
        int promptTokens =
                request.prompts().stream().mapToInt(SimRequest.Prompt::tokens).sum();

        try (SimEngineCore.Admission admission = engine.admit(promptTokens)) {
            if (admission.fault == SimEngineCore.Fault.CRASH && crashTokens(admission) == 0) {
                engine.crash(admission);
            }
            if (admission.fault == SimEngineCore.Fault.FAIL) {
                SimApiException failure = SimApiException.internal("Simulated engine failure ("
                        + SimSettings.FAILURE_RATE + "=" + admission.settings.failureRate() + ")");
                engine.warn(requestId + " POST " + path + " 500 injected failure");
                send(exchange, 500, "application/json", SimResponses.error(failure));
                return;
            }
            if (admission.fault == SimEngineCore.Fault.HANG) {
                engine.info(requestId + " POST " + path + " accepted; hanging (" + SimSettings.HANG + ")");
                engine.awaitShutdown();
                return;
            }
            List<SimTextGenerator.Generation> choices = engine.generate(request, limits);
            SimResponses.Header header =
                    new SimResponses.Header(requestId, kind, System.currentTimeMillis() / 1000, model);
            List<String> echoTexts = new ArrayList<>();
            for (SimRequest.Prompt prompt : request.prompts()) {
                for (int j = 0; j < request.n(); j++) {
                    echoTexts.add(request.echo() ? prompt.echoText() : "");
                }
            }
            Outcome outcome = request.stream()
                    ? stream(exchange, admission, request, header, choices, echoTexts, promptTokens)
                    : answer(exchange, admission, header, choices, echoTexts, promptTokens);
            engine.info(requestId
                    + " POST "
                    + path
                    + " "
                    + outcome.status
                    + " stream="
                    + request.stream()
                    + " n="
                    + choices.size()
                    + " prompt_tokens="
                    + promptTokens
                    + " completion_tokens="
                    + outcome.completionTokens
                    + " finish="
                    + outcome.finish
                    + " "
                    + (System.nanoTime() - startNanos) / 1_000_000
                    + " ms");
        }
    }

    private record Outcome(int status, int completionTokens, String finish) {}

    private Outcome answer(
            HttpExchange exchange,
            SimEngineCore.Admission admission,
            SimResponses.Header header,
            List<SimTextGenerator.Generation> choices,
            List<String> echoTexts,
            int promptTokens)
            throws IOException, InterruptedException {
        int steps = steps(choices);
        if (admission.fault == SimEngineCore.Fault.CRASH) {
            engine.waitUntil(admission.dueNanos(Math.min(crashTokens(admission), steps) - 1));
            engine.crash(admission);
        }
        int failAt = failAt(admission, steps);
        Produced produced = new Produced();
        for (int step = 0; step < (failAt >= 0 ? failAt : steps); step++) {
            engine.waitUntil(admission.dueNanos(step));
            produced.upTo(tokensThrough(choices, step));
        }
        if (failAt >= 0) {
            engine.waitUntil(admission.dueNanos(failAt));
            int tokens = failAt * choices.size();
            produced.upTo(tokens);
            engine.metrics().failed.incrementAndGet();
            send(exchange, 500, "application/json", SimResponses.error(injectedError(failAt)));
            return new Outcome(500, tokens, "error");
        }
        int completionTokens = completionTokens(choices);
        produced.upTo(completionTokens);
        choices.forEach(c -> engine.metrics().finished(c.finishReason()));
        send(
                exchange,
                200,
                "application/json",
                SimResponses.completion(header, choices, echoTexts, promptTokens, completionTokens));
        return new Outcome(200, completionTokens, finishes(choices));
    }

    private Outcome stream(
            HttpExchange exchange,
            SimEngineCore.Admission admission,
            SimRequest request,
            SimResponses.Header header,
            List<SimTextGenerator.Generation> choices,
            List<String> echoTexts,
            int promptTokens)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int steps = steps(choices);
        int failAt = failAt(admission, steps);
        int crashAt = Math.min(crashTokens(admission), steps) - 1;
        int step = 0;
        Produced produced = new Produced();
        try {
            engine.waitUntil(admission.dueNanos(0));
            if (header.kind() == SimRequest.Kind.CHAT) {
                for (int i = 0; i < choices.size(); i++) {
                    event(out, SimResponses.roleChunk(header, i));
                }
                out.flush();
            }
            for (; step < steps; step++) {
                engine.waitUntil(admission.dueNanos(step));
                if (step == failAt) {
                    produced.upTo((long) step * choices.size());
                    engine.metrics().failed.incrementAndGet();
                    event(out, SimResponses.error(injectedError(step)));
                    out.write(DONE);
                    out.flush();
                    return new Outcome(200, step * choices.size(), "error");
                }
                for (int i = 0; i < choices.size(); i++) {
                    SimTextGenerator.Generation choice = choices.get(i);
                    List<String> pieces = choice.pieces().isEmpty() ? List.of("") : choice.pieces();
                    if (step >= pieces.size()) {
                        continue;
                    }
                    String piece = step == 0 ? echoTexts.get(i) + pieces.get(0) : pieces.get(step);
                    boolean last = step == pieces.size() - 1;
                    event(
                            out,
                            SimResponses.pieceChunk(
                                    header,
                                    i,
                                    piece,
                                    last ? Optional.of(choice.finishReason()) : Optional.empty(),
                                    choice.stopReason()));
                }
                out.flush();
                produced.upTo(tokensThrough(choices, step));
                if (step == crashAt && admission.fault == SimEngineCore.Fault.CRASH) {
                    engine.crash(admission);
                }
            }
            int completionTokens = completionTokens(choices);
            if (request.includeUsage()) {
                event(out, SimResponses.usageChunk(header, promptTokens, completionTokens));
            }
            out.write(DONE);
            out.flush();
            produced.upTo(completionTokens);
            choices.forEach(c -> engine.metrics().finished(c.finishReason()));
            return new Outcome(200, completionTokens, finishes(choices));
        } catch (IOException e) {
            // The client went away: stop generating; the admission's close frees the slot.
            int tokens = step * choices.size();
            produced.upTo(tokens);
            choices.forEach(c -> engine.metrics().finished("abort"));
            return new Outcome(499, tokens, "abort (client disconnected)");
        }
    }

    /** The tokens a crashing request produces first: {@link SimSettings#CRASH_AFTER_TOKENS}, else 1. */
    private static int crashTokens(SimEngineCore.Admission admission) {
        return admission.settings.crashAfterTokens().orElse(1);
    }

    /** The step at which an injected error strikes, or -1 when the answer ends first. */
    private static int failAt(SimEngineCore.Admission admission, int steps) {
        var errorAfter = admission.settings.errorAfterTokens();
        return errorAfter.isPresent() && errorAfter.getAsInt() < steps ? errorAfter.getAsInt() : -1;
    }

    private static SimApiException injectedError(int tokens) {
        return SimApiException.internal(
                "Simulated engine error after " + tokens + " tokens (" + SimSettings.ERROR_AFTER_TOKENS + ")");
    }

    private static int steps(List<SimTextGenerator.Generation> choices) {
        int steps = 1;
        for (SimTextGenerator.Generation choice : choices) {
            steps = Math.max(steps, choice.pieces().size());
        }
        return steps;
    }

    /**
     * Counts an answer's tokens into the engine's metrics as they are produced, as vLLM does each
     * step: a busy engine's count moves, which is how the emulator tells a slow answer from a hung one.
     */
    private final class Produced {
        private long counted;

        void upTo(long tokens) {
            if (tokens > counted) {
                engine.metrics().generationTokens.addAndGet(tokens - counted);
                counted = tokens;
            }
        }
    }

    /** The tokens of every choice produced by the end of {@code step} (from 0). */
    private static long tokensThrough(List<SimTextGenerator.Generation> choices, int step) {
        long tokens = 0;
        for (SimTextGenerator.Generation choice : choices) {
            tokens += Math.min(step + 1, choice.tokens());
        }
        return tokens;
    }

    private static int completionTokens(List<SimTextGenerator.Generation> choices) {
        return choices.stream().mapToInt(SimTextGenerator.Generation::tokens).sum();
    }

    private static String finishes(List<SimTextGenerator.Generation> choices) {
        return choices.stream()
                .map(SimTextGenerator.Generation::finishReason)
                .distinct()
                .reduce((a, b) -> a + "," + b)
                .orElse("");
    }

    private static void event(OutputStream out, byte[] json) throws IOException {
        out.write(DATA);
        out.write(json);
        out.write(END_OF_EVENT);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // A length of 0 would mean chunked to the JDK server; -1 means no body.
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** vLLM takes a caller's {@code X-Request-Id} as the id; else a random one. */
    private static String requestIdOf(HttpExchange exchange) {
        String given = exchange.getRequestHeaders().getFirst("X-Request-Id");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(32);
        for (int i = 0; i < 2; i++) {
            String half = Long.toHexString(random.nextLong());
            id.append("0".repeat(16 - half.length())).append(half);
        }
        return id.toString();
    }
}
