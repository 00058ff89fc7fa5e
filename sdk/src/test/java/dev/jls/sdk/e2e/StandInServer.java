package dev.jls.sdk.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A small stateful stand-in for the service, enough for a user's program to run end to end: deployments
 * that go through their start-up statuses, queued requests that complete on their second fetch, and an
 * OpenAI route that streams. Speaks the shapes of API.md; knows nothing of the SDK.
 */
final class StandInServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STARTUP =
            List.of("starting", "filesystem_created", "downloading_model", "model_downloaded", "running");

    private final String apiKey;
    private final MockWebServer server = new MockWebServer();
    private final Map<String, AtomicInteger> statusReads = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private final Map<String, String> prompts = new ConcurrentHashMap<>();
    private final Map<String, String> requestsByKey = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    StandInServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return route(request);
                } catch (IOException e) {
                    return json(500, "{\"detail\": \"" + e.getMessage() + "\"}");
                }
            }
        });
        server.start();
    }

    String baseUrl() {
        return server.url("/").toString();
    }

    private MockResponse route(RecordedRequest request) throws IOException {
        if (!("Bearer " + apiKey).equals(request.getHeaders().get("Authorization"))) {
            return json(401, "{\"detail\": \"invalid API key\"}");
        }
        List<String> path = request.getUrl().pathSegments();
        String method = request.getMethod();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
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
                return new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "text/event-stream")
                        .body(": worker 1 starting\n\ndata: INFO Loading model Qwen/Qwen3-0.6B\n\n"
                                + "data: INFO Application startup complete.\n\n")
                        .build();
            }
            if (method.equals("PATCH")) {
                String name = JSON.readTree(body).path("name").asText(null);
                if (name != null) {
                    names.put(id, name);
                }
            }
            if (method.equals("DELETE")) {
                names.remove(id);
                return json(200, "{\"deployment_id\": \"" + id + "\", \"status\": \"deleting\"}");
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
            String key = request.getHeaders().get("Idempotency-Key");
            String rid = requestsByKey.computeIfAbsent(
                    key == null ? "none-" + ids.incrementAndGet() : key,
                    k -> String.format("req-%024x", ids.incrementAndGet()));
            JsonNode input = JSON.readTree(body).path("input");
            prompts.put(rid, input.path("messages").path(0).path("content").asText());
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
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/event-stream")
                    .body("data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1718000000,"
                            + "\"model\":\"qwen\",\"choices\":[{\"index\":0,\"text\":\" there was\",\"logprobs\":null,"
                            + "\"finish_reason\":null,\"stop_reason\":null}]}\n\ndata: [DONE]\n\n")
                    .build();
        }
        if (path.get(0).equals("deployment") && method.equals("GET") && path.size() == 3) {
            String rid = path.get(2);
            AtomicInteger count = fetches.get(rid);
            if (count == null) {
                return json(404, "{\"detail\": \"request " + rid + " not found\"}");
            }
            if (count.getAndIncrement() == 0) {
                return new MockResponse.Builder()
                        .code(202)
                        .addHeader("Content-Type", "application/json")
                        .addHeader("X-Request-Status", "Processing")
                        .body("{\"id\": \"" + rid + "\", \"status\": \"Processing\"}")
                        .build();
            }
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .addHeader("X-Request-Status", "Completed")
                    .body(completion(rid, "echo: " + prompts.get(rid)))
                    .build();
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
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/event-stream")
                    .body(events.toString())
                    .build();
        }
        return json(
                404,
                "{\"detail\": \"no route " + method + " " + request.getUrl().encodedPath() + "\"}");
    }

    private static String completion(String rid, String content) {
        return """
                {"id":"chatcmpl-%s","object":"chat.completion","created":1718000000,"model":"qwen",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","reasoning":null,"tool_calls":[]},
                   "logprobs":null,"finish_reason":"stop","stop_reason":null}],
                 "usage":{"prompt_tokens":5,"total_tokens":8,"completion_tokens":3}}""".formatted(rid, content);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    @Override
    public void close() {
        server.close();
    }
}
