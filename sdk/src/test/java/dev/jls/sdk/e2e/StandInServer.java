package dev.jls.sdk.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stateful stand-in for the service, enough for a user's program to run end to end: deployments
 * that go through their start-up statuses, queued requests that complete on their second fetch, and an
 * OpenAI route that streams. Speaks the shapes of API.md; knows nothing of the SDK. Runs on the JDK's
 * own HTTP server, so that it needs no HTTP library of the client's.
 */
final class StandInServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STARTUP =
            List.of("starting", "filesystem_created", "downloading_model", "model_downloaded", "running");

    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stand-in-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, AtomicInteger> statusReads = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final Map<String, String> prompts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> chats = new ConcurrentHashMap<>();
    private final Map<String, String> requestsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    StandInServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** One answer: status, headers, body. */
    private record Answer(int code, Map<String, String> headers, String body) {}

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (IOException | RuntimeException e) {
                answer = json(500, "{\"detail\": \"" + e.getMessage() + "\"}");
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.code(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Answer route(HttpExchange request) throws IOException {
        if (!("Bearer " + apiKey).equals(request.getRequestHeaders().getFirst("Authorization"))) {
            return json(401, "{\"detail\": \"invalid API key\"}");
        }
        List<String> path = new ArrayList<>();
        for (String segment : request.getRequestURI().getPath().split("/")) {
            if (!segment.isEmpty()) {
                path.add(segment);
            }
        }
        String method = request.getRequestMethod();
        String body = new String(request.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (method.equals("POST") && path.equals(List.of("management", "create"))) {
            String id = String.format("dep-%012x", ids.incrementAndGet());
            names.put(id, JSON.readTree(body).path("name").asText());
            statusReads.put(id, new AtomicInteger());
            return json(200, "{\"deployment_id\": \"" + id + "\"}");
        }
        if (method.equals("GET") && path.equals(List.of("management", "list"))) {
            StringBuilder list = new StringBuilder("{\"deployments\": [");
            names.forEach((id, name) -> list.append(list.length() > 17 ? "," : "")
                    .append("{\"deployment_id\": \"")
                    .append(id)
                    .append("\", \"name\": \"")
                    .append(name)
                    .append("\", \"status\": \"running\", \"region\": \"india-noida-01\"}"));
            return json(200, list.append("]}").toString());
        }
        if (path.get(0).equals("management") && path.size() >= 2) {
            String id = path.get(1);
            if (!names.containsKey(id)) {
                return json(404, "{\"detail\": \"deployment " + id + " not found\"}");
            }
            if (path.size() == 3 && path.get(2).equals("logs")) {
                return new Answer(
                        200,
                        Map.of("Content-Type", "text/event-stream"),
                        ": deployment status is running\n\ndata: [worker-1] INFO Loading model Qwen/Qwen3-0.6B\n\n"
                                + ": ping\n\ndata: [worker-1] INFO Application startup complete.\n\n"
                                + ": all streams ended\n\n");
            }
            // The hosted service's answers: the changed fields only, and a message.
            if (method.equals("PATCH")) {
                String name = JSON.readTree(body).path("name").asText(null);
                if (name != null) {
                    names.put(id, name);
                }
                return json(200, "{\"updated\": " + body + "}");
            }
            if (method.equals("DELETE")) {
                names.remove(id);
                return json(200, "{\"message\": \"Deleting deployment\"}");
            }
            String status =
                    STARTUP.get(Math.min(STARTUP.size() - 1, statusReads.get(id).get()));
            if (path.size() == 3 && path.get(2).equals("status")) {
                statusReads.get(id).incrementAndGet();
                return json(200, "{\"status\": \"" + status + "\"}");
            }
            return json(200, """
                    {"deployment_id": "%s", "name": "%s", "status": "%s", "error_message": null,
                     "region": "india-noida-01", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
                     "min_workers": 0, "max_workers": 1, "args": {"model": "Qwen/Qwen3-0.6B"}, "env": {},
                     "workers": {"total": 1, "healthy": 1, "provisioning": 0,
                                 "list": [{"worker_id": 1, "status": "healthy", "last_used": null}]},
                     "queue_depth": 0, "total_cost": 0.0, "currency": "USD"}""".formatted(id, names.get(id), status));
        }
        if (path.get(0).equals("deployment")
                && method.equals("POST")
                && path.get(path.size() - 1).equals("completions")) {
            String key = request.getRequestHeaders().getFirst("Idempotency-Key");
            String rid = requestsByKey.computeIfAbsent(
                    key == null ? "none-" + ids.incrementAndGet() : key,
                    k -> String.format("req-%024x", ids.incrementAndGet()));
            JsonNode input = JSON.readTree(body).path("input");
            boolean chat = path.get(path.size() - 2).equals("chat");
            chats.put(rid, chat);
            prompts.put(
                    rid,
                    chat
                            ? input.path("messages").path(0).path("content").asText()
                            : input.path("prompt").asText());
            fetches.put(rid, new AtomicInteger());
            return json(200, "{\"id\": \"" + rid + "\"}");
        }
        if (path.get(0).equals("deployment")
                && method.equals("POST")
                && path.size() == 4
                && path.get(3).equals("cancel")) {
            return json(200, "{\"id\": \"" + path.get(2) + "\", \"status\": \"Cancelled\"}");
        }
        if (path.get(0).equals("openai") && path.get(path.size() - 1).equals("models")) {
            return json(
                    200,
                    "{\"object\":\"list\",\"data\":[{\"id\":\"qwen\",\"object\":\"model\","
                            + "\"created\":1718000000,\"owned_by\":\"vllm\",\"root\":\"Qwen/Qwen3-0.6B\",\"parent\":null,"
                            + "\"max_model_len\":8192}]}");
        }
        if (path.get(0).equals("openai") && !JSON.readTree(body).path("stream").asBoolean(false)) {
            if (path.get(path.size() - 2).equals("chat")) {
                return json(200, completion("x", "The moon rose."));
            }
            return json(
                    200,
                    "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1718000000,"
                            + "\"model\":\"qwen\",\"choices\":[{\"index\":0,\"text\":\" there was a moon.\","
                            + "\"logprobs\":null,\"finish_reason\":\"stop\",\"stop_reason\":null}],"
                            + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":9,\"completion_tokens\":5}}");
        }
        if (path.get(0).equals("openai") && path.get(path.size() - 2).equals("v1")) {
            return new Answer(
                    200,
                    Map.of("Content-Type", "text/event-stream"),
                    "data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1718000000,"
                            + "\"model\":\"qwen\",\"choices\":[{\"index\":0,\"text\":\" there was\",\"logprobs\":null,"
                            + "\"finish_reason\":null,\"stop_reason\":null}]}\n\ndata: [DONE]\n\n");
        }
        if (path.get(0).equals("deployment") && method.equals("GET") && path.size() == 3) {
            String rid = path.get(2);
            AtomicInteger count = fetches.get(rid);
            if (count == null) {
                return json(404, "{\"detail\": \"request " + rid + " not found\"}");
            }
            if (count.getAndIncrement() == 0) {
                return new Answer(
                        202,
                        Map.of("Content-Type", "application/json", "X-Request-Status", "Processing"),
                        "{\"id\": \"" + rid + "\", \"status\": \"Processing\"}");
            }
            return new Answer(
                    200,
                    Map.of("Content-Type", "application/json", "X-Request-Status", "Completed"),
                    chats.get(rid)
                            ? completion(rid, "echo: " + prompts.get(rid))
                            : textCompletion(rid, " echo: " + prompts.get(rid)));
        }
        if (path.get(0).equals("openai") && path.get(path.size() - 1).equals("completions")) {
            StringBuilder events = new StringBuilder();
            String[] words = {"The", " moon", " rose", "."};
            for (int i = 0; i < words.length; i++) {
                events.append(
                        "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                                + "\"model\":\"qwen\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + words[i]
                                + "\"},\"logprobs\":null,\"finish_reason\":"
                                + (i == words.length - 1 ? "\"stop\"" : "null")
                                + "}]}\n\n");
            }
            events.append("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,"
                    + "\"model\":\"qwen\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"total_tokens\":7,"
                    + "\"completion_tokens\":4}}\n\ndata: [DONE]\n\n");
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), events.toString());
        }
        return json(
                404,
                "{\"detail\": \"no route " + method + " "
                        + request.getRequestURI().getRawPath() + "\"}");
    }

    private static String completion(String rid, String content) {
        return """
                {"id":"chatcmpl-%s","object":"chat.completion","created":1718000000,"model":"qwen",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","reasoning":null,"tool_calls":[]},
                   "logprobs":null,"finish_reason":"stop","stop_reason":null}],
                 "usage":{"prompt_tokens":5,"total_tokens":8,"completion_tokens":3}}""".formatted(rid, content);
    }

    private static String textCompletion(String rid, String text) {
        return """
                {"id":"cmpl-%s","object":"text_completion","created":1718000000,"model":"qwen",
                 "choices":[{"index":0,"text":"%s","logprobs":null,"finish_reason":"stop","stop_reason":null}],
                 "usage":{"prompt_tokens":4,"total_tokens":8,"completion_tokens":4}}""".formatted(rid, text);
    }

    private static Answer json(int code, String body) {
        return new Answer(code, Map.of("Content-Type", "application/json"), body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
