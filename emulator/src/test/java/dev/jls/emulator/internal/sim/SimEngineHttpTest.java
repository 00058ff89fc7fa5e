package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine as a real process: ENGINE.md's shapes, determinism, limits and errors over HTTP. */
class SimEngineHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimEngineProcess engine;

    @BeforeAll
    static void start() {
        engine = SimEngineProcess.startHealthy(
                Map.of(), "--served-model-name", "llama8b", "alias", "--max-model-len", "2048", "--enforce-eager");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String chatBody(String question, String extra) {
        return "{\"model\":\"llama8b\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"" + question + "\"}]" + extra + "}";
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = engine.post("/v1/chat/completions", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return json(response.body());
    }

    /** The JSON events of a stream, {@code [DONE]} last as the string "[DONE]". */
    static List<JsonNode> events(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        for (String block : response.body().split("\n\n")) {
            assertThat(block).startsWith("data: ");
            String data = block.substring("data: ".length());
            events.add(data.equals("[DONE]") ? JSON.getNodeFactory().textNode("[DONE]") : json(data));
        }
        return events;
    }

    @Test
    void healthIsEmpty200() {
        HttpResponse<String> health = engine.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEmpty();
    }

    @Test
    void modelsListsOneCardPerServedName() {
        JsonNode models = json(engine.get("/v1/models").body());
        assertThat(fields(models)).containsExactly("object", "data");
        assertThat(models.get("data")).hasSize(2);
        JsonNode card = models.get("data").get(0);
        assertThat(fields(card))
                .containsExactly("id", "object", "created", "owned_by", "root", "parent", "max_model_len");
        assertThat(card.get("id").asText()).isEqualTo("llama8b");
        assertThat(card.get("object").asText()).isEqualTo("model");
        assertThat(card.get("owned_by").asText()).isEqualTo("vllm");
        assertThat(card.get("root").asText()).isEqualTo("test/model");
        assertThat(card.get("parent").isNull()).isTrue();
        assertThat(card.get("max_model_len").asInt()).isEqualTo(2048);
        assertThat(models.get("data").get(1).get("id").asText()).isEqualTo("alias");
    }

    @Test
    void aChatCompletionHasEngineMdsShape() {
        JsonNode c = chat(chatBody("Tell me about lighthouses", ""));
        assertThat(fields(c)).containsExactly("id", "object", "created", "model", "choices", "usage");
        assertThat(c.get("id").asText()).startsWith("chatcmpl-");
        assertThat(c.get("object").asText()).isEqualTo("chat.completion");
        assertThat(c.get("model").asText()).isEqualTo("llama8b");
        JsonNode choice = c.get("choices").get(0);
        assertThat(fields(choice)).containsExactly("index", "message", "logprobs", "finish_reason", "stop_reason");
        assertThat(fields(choice.get("message"))).containsExactly("role", "content", "reasoning", "tool_calls");
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("tool_calls")).isEmpty();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.get("stop_reason").isNull()).isTrue();
        JsonNode usage = c.get("usage");
        assertThat(fields(usage))
                .containsExactly("prompt_tokens", "total_tokens", "completion_tokens", "prompt_tokens_details");
        String content = choice.get("message").get("content").asText();
        // system "Be brief." (3) + user "Tell me about lighthouses" (4), 4 each for the template, 3 to open the answer.
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3 + 4 + 4 + 4 + 3);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(SimTokenizer.count(content));
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
    }

    @Test
    void theSameRequestGivesTheSameTextAndAnotherPromptAnother() {
        String a = chat(chatBody("Tell me about lighthouses", ""))
                .at("/choices/0/message/content")
                .asText();
        assertThat(chat(chatBody("Tell me about lighthouses", ""))
                        .at("/choices/0/message/content")
                        .asText())
                .isEqualTo(a);
        assertThat(chat(chatBody("Tell me about volcanoes", ""))
                        .at("/choices/0/message/content")
                        .asText())
                .isNotEqualTo(a);
        assertThat(chat(chatBody("Tell me about lighthouses", ",\"seed\":5"))
                        .at("/choices/0/message/content")
                        .asText())
                .isNotEqualTo(a);
    }

    @Test
    void theStreamedDeltasJoinedAreTheNonStreamedContent() {
        String extra = ",\"n\":2,\"seed\":11";
        JsonNode plain = chat(chatBody("Describe a harbour at dawn", extra));
        List<JsonNode> events = events(engine.post(
                "/v1/chat/completions", chatBody("Describe a harbour at dawn", extra + ",\"stream\":true")));
        assertThat(events.get(events.size() - 1).asText()).isEqualTo("[DONE]");
        StringBuilder[] joined = {new StringBuilder(), new StringBuilder()};
        String[] finish = new String[2];
        Set<Integer> roleSeen = new HashSet<>();
        for (JsonNode e : events.subList(0, events.size() - 1)) {
            assertThat(fields(e)).containsExactly("id", "object", "created", "model", "choices");
            assertThat(e.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(e.get("choices")).hasSize(1);
            JsonNode choice = e.get("choices").get(0);
            int index = choice.get("index").asInt();
            if (choice.get("delta").has("role")) {
                assertThat(roleSeen.add(index)).isTrue();
                assertThat(fields(choice.get("delta"))).containsExactly("role", "content");
                assertThat(choice.get("delta").get("content").asText()).isEmpty();
                assertThat(joined[index]).isEmpty();
                continue;
            }
            assertThat(roleSeen).contains(index);
            assertThat(finish[index]).as("no chunk after the finish").isNull();
            joined[index].append(choice.get("delta").get("content").asText());
            if (!choice.get("finish_reason").isNull()) {
                finish[index] = choice.get("finish_reason").asText();
                assertThat(fields(choice))
                        .containsExactly("index", "delta", "logprobs", "finish_reason", "stop_reason");
            } else {
                assertThat(fields(choice)).containsExactly("index", "delta", "logprobs", "finish_reason");
            }
        }
        for (int i = 0; i < 2; i++) {
            assertThat(joined[i].toString())
                    .isEqualTo(plain.at("/choices/" + i + "/message/content").asText());
            assertThat(finish[i])
                    .isEqualTo(plain.at("/choices/" + i + "/finish_reason").asText());
        }
        assertThat(joined[0].toString()).isNotEqualTo(joined[1].toString());
    }

    @Test
    void theUsageChunkComesOnlyWithStreamOptions() {
        String body = chatBody("Hi", ",\"max_tokens\":3,\"stream\":true");
        List<JsonNode> without = events(engine.post("/v1/chat/completions", body.replace("}]", "}]")));
        assertThat(without).noneMatch(e -> e.has("usage"));
        List<JsonNode> falseUsage = events(engine.post(
                "/v1/chat/completions",
                chatBody("Hi", ",\"max_tokens\":3,\"stream\":true,\"stream_options\":{\"include_usage\":false}")));
        assertThat(falseUsage).noneMatch(e -> e.has("usage"));

        List<JsonNode> with = events(engine.post(
                "/v1/chat/completions", chatBody("Hi", ",\"max_tokens\":3,\"stream\":true,\"stream_options\":{}")));
        JsonNode usageChunk = with.get(with.size() - 2);
        assertThat(fields(usageChunk)).containsExactly("id", "object", "created", "model", "choices", "usage");
        assertThat(usageChunk.get("choices")).isEmpty();
        assertThat(fields(usageChunk.get("usage")))
                .containsExactly("prompt_tokens", "total_tokens", "completion_tokens");
        assertThat(usageChunk.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(with).filteredOn(e -> e.has("usage")).hasSize(1);
    }

    @Test
    void maxTokensEndsWithLengthAndIsAPrefix() {
        String full = chat(chatBody("Tell me about lighthouses", ""))
                .at("/choices/0/message/content")
                .asText();
        for (String limit : List.of("\"max_tokens\":5", "\"max_completion_tokens\":5")) {
            JsonNode c = chat(chatBody("Tell me about lighthouses", "," + limit));
            assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("length");
            assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(5);
            assertThat(full).startsWith(c.at("/choices/0/message/content").asText());
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() {
        String full = chat(chatBody("Tell me about lighthouses", ""))
                .at("/choices/0/message/content")
                .asText();
        String stop = full.split(" ")[3];
        JsonNode c = chat(chatBody("Tell me about lighthouses", ",\"stop\":[\"zzz\",\"" + stop + "\"]"));
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(c.at("/choices/0/stop_reason").asText()).isEqualTo(stop);
        assertThat(c.at("/choices/0/message/content").asText()).isEqualTo(full.substring(0, full.indexOf(stop)));
    }

    @Test
    void nChoicesDifferAndCountInUsage() {
        JsonNode c = chat(chatBody("Name three rivers", ",\"n\":3"));
        assertThat(c.get("choices")).hasSize(3);
        Set<String> texts = new HashSet<>();
        int tokens = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(c.at("/choices/" + i + "/index").asInt()).isEqualTo(i);
            String text = c.at("/choices/" + i + "/message/content").asText();
            texts.add(text);
            tokens += SimTokenizer.count(text);
        }
        assertThat(texts).hasSize(3);
        assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(tokens);
    }

    @Test
    void aMissingModelMeansTheServedOneAndAnAliasIsAccepted() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":2}";
        assertThat(chat(body).get("model").asText()).isEqualTo("llama8b");
        assertThat(chat(body.replace("{\"messages\"", "{\"model\":\"alias\",\"messages\""))
                        .get("model")
                        .asText())
                .isEqualTo("llama8b");
    }

    @Test
    void completionsHaveTheirShapeAndDefaultTo16Tokens() {
        HttpResponse<String> r =
                engine.post("/v1/completions", "{\"model\":\"llama8b\",\"prompt\":\"Once upon a time\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode c = json(r.body());
        assertThat(fields(c)).containsExactly("id", "object", "created", "model", "choices", "usage");
        assertThat(c.get("id").asText()).startsWith("cmpl-");
        assertThat(c.get("object").asText()).isEqualTo("text_completion");
        assertThat(fields(c.at("/choices/0")))
                .containsExactly("index", "text", "logprobs", "finish_reason", "stop_reason");
        assertThat(c.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(16);
        assertThat(c.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
        assertThat(c.at("/choices/0/text").asText()).startsWith(" ");
    }

    @Test
    void streamedCompletionsJoinToThePlainOneAndEchoLeadsWithThePrompt() {
        String body = "{\"prompt\":\"The river\",\"max_tokens\":12,\"echo\":true";
        String plain = json(engine.post("/v1/completions", body + "}").body())
                .at("/choices/0/text")
                .asText();
        assertThat(plain).startsWith("The river ");
        List<JsonNode> events =
                events(engine.post("/v1/completions", body + ",\"stream\":true,\"stream_options\":{}}"));
        StringBuilder joined = new StringBuilder();
        for (JsonNode e : events) {
            if (e.isTextual() || e.get("choices").isEmpty()) {
                continue;
            }
            assertThat(e.get("object").asText()).isEqualTo("text_completion");
            assertThat(fields(e.at("/choices/0")))
                    .containsExactly("index", "text", "logprobs", "finish_reason", "stop_reason");
            joined.append(e.at("/choices/0/text").asText());
        }
        assertThat(joined.toString()).isEqualTo(plain);
        assertThat(events.get(events.size() - 2).at("/usage/completion_tokens").asInt())
                .isEqualTo(12);
    }

    @Test
    void anUnknownModelIs404InVllmsShape() {
        HttpResponse<String> r = engine.post(
                "/v1/chat/completions", "{\"model\":\"foo\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body())
                .isEqualTo(
                        "{\"error\":{\"message\":\"The model `foo` does not exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}");
    }

    @Test
    void badRequestsAre400InVllmsShape() {
        for (String body : List.of(
                "not json",
                "{\"model\":\"llama8b\"}",
                chatBody("x", ",\"n\":-2"),
                chatBody("x", ",\"max_tokens\":5000"))) {
            HttpResponse<String> r = engine.post("/v1/chat/completions", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            JsonNode error = json(r.body()).get("error");
            assertThat(fields(error)).containsExactly("message", "type", "param", "code");
            assertThat(error.get("type").asText()).isEqualTo("BadRequestError");
            assertThat(error.get("code").asInt()).isEqualTo(400);
        }
    }

    @Test
    void unknownFieldsAreIgnored() {
        JsonNode c = chat(chatBody("Hi", ",\"max_tokens\":2,\"frobnicate\":{\"deep\":[1,2]},\"guided_json\":null"));
        assertThat(c.at("/usage/completion_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void unknownRoutesAndMethodsAnswerLikeFastApi() {
        assertThat(engine.get("/v1/nothing").statusCode()).isEqualTo(404);
        assertThat(engine.get("/v1/nothing").body()).isEqualTo("{\"detail\":\"Not Found\"}");
        assertThat(engine.get("/v1/chat/completions").statusCode()).isEqualTo(405);
    }

    @Test
    void metricsCountRequestsAndTokens() {
        double requests = engine.metric("jls_sim:requests_total");
        double prompt = engine.metric("vllm:prompt_tokens_total");
        double generated = engine.metric("vllm:generation_tokens_total");
        JsonNode c = chat(chatBody("Count me", ",\"max_tokens\":4"));
        assertThat(engine.metric("jls_sim:requests_total")).isEqualTo(requests + 1);
        assertThat(engine.metric("vllm:prompt_tokens_total"))
                .isEqualTo(prompt + c.at("/usage/prompt_tokens").asInt());
        assertThat(engine.metric("vllm:generation_tokens_total")).isEqualTo(generated + 4);
        assertThat(engine.metric("vllm:num_requests_running")).isZero();
        assertThat(engine.metric("vllm:num_requests_waiting")).isZero();
        assertThat(engine.metric("jls_sim:max_requests_running")).isGreaterThanOrEqualTo(1);
        String text = engine.get("/metrics").body();
        assertThat(text)
                .contains(
                        "# TYPE vllm:num_requests_running gauge",
                        "vllm:num_requests_running{model_name=\"llama8b\"} 0.0");
    }

    @Test
    void eachRequestLeavesALogLineWithItsIdAndTokens() {
        HttpResponse<String> r =
                SimEngineProcess.send(java.net.http.HttpRequest.newBuilder(engine.uri("/v1/chat/completions"))
                        .header("X-Request-Id", "trace-123")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chatBody("Hi", ",\"max_tokens\":3")))
                        .build());
        assertThat(json(r.body()).get("id").asText()).isEqualTo("chatcmpl-trace-123");
        SimEngineProcess.await(
                java.time.Duration.ofSeconds(60),
                "the request's log line",
                () -> engine.stdout().stream()
                        .anyMatch(l -> l.contains("chatcmpl-trace-123") && l.contains("completion_tokens=3")));
        assertThat(engine.stdout()).anyMatch(l -> l.contains("ignoring --enforce-eager"));
    }
}
