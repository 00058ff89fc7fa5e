package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.internal.Json;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuilderTest {

    @Test
    void onlyTheFieldsSetAreWritten() {
        ChatCompletionRequest req = ChatCompletionRequest.builder()
                .addUserMessage("hi")
                .maxTokens(16)
                .build();

        assertThat(Json.write(req))
                .isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16}");
        assertThat(req.temperature()).isEmpty();
        assertThat(req.tools()).isEmpty();
        assertThat(req.stopTokenIds()).isEmpty();
    }

    @Test
    void settingNullWritesAnExplicitNullAndRemoveDropsTheField() {
        ChatCompletionRequest req =
                ChatCompletionRequest.builder().addUserMessage("hi").seed(null).build();

        assertThat(Json.write(req)).contains("\"seed\":null");
        assertThat(req.seed()).isEmpty();
        assertThat(req.rawField("seed")).contains(NullNode.getInstance());
        assertThat(req.rawField("temperature")).isEmpty();

        ChatCompletionRequest without = req.toBuilder().remove("seed").build();
        assertThat(Json.write(without)).doesNotContain("seed");
    }

    @Test
    void vllmExtrasAndAdditionalPropertiesReachTheWire() {
        ChatCompletionRequest req = ChatCompletionRequest.builder()
                .model("qwen")
                .addSystemMessage("be brief")
                .addUserMessage("hi")
                .temperature(0.7)
                .topP(0.9)
                .n(2)
                .seed(42)
                .stream(true)
                .streamOptions(StreamOptions.withUsage())
                .logprobs(true)
                .topLogprobs(3)
                .presencePenalty(0.1)
                .frequencyPenalty(0.2)
                .responseFormat(Json.readTree("{\"type\":\"json_object\"}"))
                .toolChoice(TextNode.valueOf("auto"))
                .user("u-1")
                .topK(40)
                .minP(0.05)
                .repetitionPenalty(1.1)
                .minTokens(2)
                .ignoreEos(false)
                .stopTokenIds(List.of(128001, 128009))
                .maxCompletionTokens(64)
                .putAdditionalProperty("guided_json", Json.readTree("{\"type\":\"object\"}"))
                .build();

        JsonNode wire = Json.toTree(req);
        assertThat(wire.get("top_k").asInt()).isEqualTo(40);
        assertThat(wire.get("min_p").asDouble()).isEqualTo(0.05);
        assertThat(wire.get("repetition_penalty").asDouble()).isEqualTo(1.1);
        assertThat(wire.get("min_tokens").asInt()).isEqualTo(2);
        assertThat(wire.get("ignore_eos").asBoolean()).isFalse();
        assertThat(wire.get("stop_token_ids").toString()).isEqualTo("[128001,128009]");
        assertThat(wire.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
        assertThat(wire.get("seed").isIntegralNumber()).isTrue();
        assertThat(wire.get("guided_json").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(req.additionalProperties()).containsOnlyKeys("guided_json");
        assertThat(req.topK()).contains(40);
        assertThat(req.seed()).contains(42L);
        assertThat(req.streamOptions().orElseThrow().includeUsage()).contains(true);
        assertThat(req.toolChoice()).contains(TextNode.valueOf("auto"));
        assertThat(req.messages()).extracting(ChatMessage::role).containsExactly(ChatRole.SYSTEM, ChatRole.USER);
    }

    @Test
    void stopIsReadFromAStringOrAListAndWrittenAsGiven() {
        ChatCompletionRequest single = Json.read("{\"messages\":[],\"stop\":\"END\"}", ChatCompletionRequest.class);
        ChatCompletionRequest many = Json.read("{\"messages\":[],\"stop\":[\"a\",\"b\"]}", ChatCompletionRequest.class);

        assertThat(single.stop()).containsExactly("END");
        assertThat(many.stop()).containsExactly("a", "b");
        assertThat(Json.write(single)).contains("\"stop\":\"END\"");
        assertThat(Json.write(ChatCompletionRequest.builder().stop("x").build()))
                .isEqualTo("{\"stop\":\"x\"}");
        assertThat(Json.write(ChatCompletionRequest.builder().stop(List.of("x")).build()))
                .isEqualTo("{\"stop\":[\"x\"]}");
        assertThat(Json.write(CompletionRequest.builder().stop("x").build())).isEqualTo("{\"stop\":\"x\"}");
    }

    @Test
    void toBuilderKeepsUnknownFieldsAndTheirOrder() {
        ChatCompletion parsed = Json.read(
                SpecExamplesTest.CHAT.replace(
                        "\"model\":\"llama8b\",",
                        "\"model\":\"llama8b\",\"kv_transfer_params\":null,\"prompt_logprobs\":[1,2],"),
                ChatCompletion.class);

        ChatCompletion changed = parsed.toBuilder().model("other").build();

        assertThat(changed.model()).isEqualTo("other");
        assertThat(changed.additionalProperties().keySet()).containsExactly("kv_transfer_params", "prompt_logprobs");
        assertThat(Json.write(changed)).isEqualTo(Json.write(parsed).replace("llama8b\",\"kv", "other\",\"kv"));
    }

    @Test
    void additionalPropertiesReplacesOnlyTheUnknownFields() {
        Usage usage = Usage.builder()
                .promptTokens(1)
                .putAdditionalProperty("a", IntNode.valueOf(1))
                .build();

        Usage replaced = usage.toBuilder()
                .additionalProperties(Map.of("b", TextNode.valueOf("x")))
                .build();

        assertThat(replaced.additionalProperties()).containsOnly(Map.entry("b", TextNode.valueOf("x")));
        assertThat(replaced.promptTokens()).isEqualTo(1);
    }

    @Test
    void aBuiltModelDoesNotChangeWhenItsBuilderOrItsInputsDo() {
        ObjectNode schema = (ObjectNode) Json.readTree("{\"type\":\"object\"}");
        ChatCompletionRequest.Builder builder =
                ChatCompletionRequest.builder().addUserMessage("a").responseFormat(schema);
        ChatCompletionRequest first = builder.build();

        builder.addUserMessage("b").temperature(1.0);
        schema.put("type", "changed");
        first.responseFormat().map(ObjectNode.class::cast).orElseThrow().put("type", "changed too");
        first.additionalProperties();
        first.toJson().put("messages", "gone");

        assertThat(first.messages()).hasSize(1);
        assertThat(first.temperature()).isEmpty();
        assertThat(Json.write(first))
                .isEqualTo(
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"response_format\":{\"type\":\"object\"}}");
        assertThat(builder.build().messages()).hasSize(2);
        assertThatThrownBy(() -> first.messages().add(ChatMessage.user("c")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityFollowsTheJson() {
        assertThat(ChatMessage.user("hi"))
                .isEqualTo(ChatMessage.fromJson(Json.readTree("{\"role\":\"user\",\"content\":\"hi\"}")));
        assertThat(ChatMessage.user("hi")).hasSameHashCodeAs(ChatMessage.user("hi"));
        assertThat(ChatMessage.user("hi")).isNotEqualTo(ChatMessage.assistant("hi"));
        assertThat(ChatMessage.user("hi").toString()).isEqualTo("ChatMessage{\"role\":\"user\",\"content\":\"hi\"}");
    }

    @Test
    void messageFactories() {
        assertThat(Json.write(ChatMessage.tool("call-1", "21°C")))
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"call-1\",\"content\":\"21°C\"}");
        assertThat(ChatMessage.developer("x").role()).isEqualTo(ChatRole.DEVELOPER);
        ChatMessage withCall = ChatMessage.builder()
                .role(ChatRole.ASSISTANT)
                .addToolCall(ToolCall.of("call-1", "get_weather", "{}"))
                .build();
        assertThat(Json.write(withCall))
                .isEqualTo("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call-1\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}");
    }

    @Test
    void contentMayBeAListOfParts() {
        ChatMessage m =
                Json.read("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}", ChatMessage.class);

        assertThat(m.content()).isEmpty();
        assertThat(m.contentParts().orElseThrow().get(0).get("text").asText()).isEqualTo("hi");
        assertThat(ChatMessage.builder()
                        .role(ChatRole.USER)
                        .contentParts(m.contentParts().get())
                        .build())
                .isEqualTo(m);
    }

    @Test
    void toolDefinitions() {
        Tool tool = Tool.function("get_weather", "Weather by city", Json.readTree("{\"type\":\"object\"}"));

        assertThat(Json.write(tool))
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"description\":\"Weather by city\",\"parameters\":{\"type\":\"object\"}}}");
        assertThat(tool.function().name()).isEqualTo("get_weather");
        assertThat(tool.function().strict()).isEmpty();
    }

    @Test
    void completionPromptForms() {
        assertThat(CompletionRequest.builder().prompt("once").build().prompts()).containsExactly("once");
        CompletionRequest many = CompletionRequest.builder()
                .prompt(List.of("a", "b"))
                .echo(true)
                .logprobs(2)
                .build();
        assertThat(many.prompt()).isEmpty();
        assertThat(many.prompts()).containsExactly("a", "b");
        assertThat(Json.write(many)).isEqualTo("{\"prompt\":[\"a\",\"b\"],\"echo\":true,\"logprobs\":2}");
        CompletionRequest tokens = Json.read("{\"prompt\":[1,2,3]}", CompletionRequest.class);
        assertThat(tokens.prompts()).isEmpty();
        assertThat(tokens.promptJson().orElseThrow().size()).isEqualTo(3);
        assertThatThrownBy(() -> Json.read("{\"prompt\":5}", CompletionRequest.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("CompletionRequest.prompt");
    }

    @Test
    void aWrongTypeInAKnownFieldNamesTheField() {
        assertThatThrownBy(() -> Json.read(
                        "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":\"soon\","
                                + "\"model\":\"m\",\"choices\":[]}",
                        ChatCompletion.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("ChatCompletion.created: expected an integer, got \"soon\"");
        assertThatThrownBy(() -> Json.read(
                        "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"x\"}}],"
                                + "\"id\":\"x\",\"created\":1,\"model\":\"m\"}",
                        ChatCompletion.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("ChatMessage.role: required but missing");
        assertThatThrownBy(() -> Usage.builder()
                        .putAdditionalProperty("total_tokens", TextNode.valueOf("many"))
                        .build())
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("Usage.total_tokens");
        assertThatThrownBy(() -> Json.read("[1]", Usage.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("Usage: expected a JSON object");
    }

    @Test
    void aWholeNumberWrittenAsAFloatIsAccepted() {
        assertThat(Json.read("{\"prompt_tokens\":10.0}", Usage.class).promptTokens())
                .isEqualTo(10);
        assertThatThrownBy(() -> Json.read("{\"prompt_tokens\":10.5}", Usage.class))
                .isInstanceOf(JlsInvalidDataException.class);
    }

    @Test
    void deploymentTimestampsFromMomentsOrRawStrings() {
        Deployment d = Deployment.builder()
                .deploymentId("dep-1")
                .name("n")
                .status(DeploymentStatus.STARTING)
                .createdAt(OffsetDateTime.of(2026, 6, 8, 8, 0, 0, 0, ZoneOffset.UTC))
                .startTimeRaw("2026-06-08T08:38:45.011322")
                .endTime(null)
                .workers(Workers.builder()
                        .total(1)
                        .healthy(0)
                        .provisioning(1)
                        .addWorker(WorkerInfo.builder()
                                .workerId(null)
                                .status(WorkerStatus.PROVISIONING)
                                .build())
                        .build())
                .build();

        assertThat(d.createdAtRaw()).contains("2026-06-08T08:00:00Z");
        assertThat(d.startTime()).contains(OffsetDateTime.of(2026, 6, 8, 8, 38, 45, 11_322_000, ZoneOffset.UTC));
        assertThat(Json.write(d)).contains("\"end_time\":null").contains("\"worker_id\":null");
        assertThat(Deployment.builder()
                        .deploymentId("d")
                        .name("n")
                        .status(DeploymentStatus.RUNNING)
                        .startTimeRaw("yesterday")
                        .build()
                        .startTime())
                .isEmpty();
    }

    @Test
    void aDeploymentShowsItsSpecAndASummaryOnlyThePartItHas() {
        DeploymentSpec spec = DeploymentSpec.builder()
                .name("n")
                .minWorkers(1)
                .maxWorkers(2)
                .idleTimeout(60)
                .model("m")
                .putEnv("HF_TOKEN", "hf_****")
                .build();
        Deployment d = Deployment.builder()
                .deploymentId("dep-1")
                .status(DeploymentStatus.RUNNING)
                .spec(spec)
                .putAdditionalProperty("extra", IntNode.valueOf(1))
                .build();
        DeploymentSummary s = DeploymentSummary.builder()
                .deploymentId("dep-1")
                .status(DeploymentStatus.RUNNING)
                .spec(spec)
                .build();

        assertThat(d.spec()).isEqualTo(spec);
        assertThat(d.name()).isEqualTo("n");
        assertThat(d.minWorkers()).isEqualTo(spec.minWorkers()).contains(1);
        assertThat(d.idleTimeout()).contains(60);
        assertThat(d.concurrentRequests()).isEmpty();
        assertThat(d.spec().concurrentRequests()).isEqualTo(1);
        assertThat(Json.write(s))
                .isEqualTo(
                        "{\"deployment_id\":\"dep-1\",\"status\":\"running\",\"name\":\"n\",\"min_workers\":1,\"max_workers\":2}");
        assertThat(s.spec().idleTimeout()).isEmpty();
        assertThat(s.spec().maxWorkers()).contains(2);
        assertThat(d.toBuilder().maxWorkers(3).waitTime(5).build().spec())
                .isEqualTo(spec.toBuilder().maxWorkers(3).waitTime(5).build());
    }

    @Test
    void specArgsAndGpus() {
        DeploymentSpec spec = DeploymentSpec.builder()
                .model("m")
                .servedModelName("s")
                .putArg("max-model-len", "8192")
                .gpusToUse(List.of("H100", "L4"))
                .framework("sglang")
                .build();

        assertThat(spec.args())
                .containsExactly(
                        Map.entry("model", "m"),
                        Map.entry("served-model-name", "s"),
                        Map.entry("max-model-len", "8192"));
        assertThat(Json.toTree(spec).get("gpus_to_use").toString()).isEqualTo("{\"gpus\":[\"H100\",\"L4\"]}");
        assertThat(spec.framework()).contains(Framework.SGLANG);
        assertThat(spec.concurrentRequests()).isEqualTo(1);
        assertThat(Json.toTree(spec).has("concurrent_requests")).isFalse();
        DeploymentSpec numeric = Json.read("{\"args\":{\"model\":\"m\",\"max-model-len\":8192}}", DeploymentSpec.class);
        assertThat(numeric.args()).containsEntry("max-model-len", "8192");
        assertThat(Json.write(numeric)).isEqualTo("{\"args\":{\"model\":\"m\",\"max-model-len\":8192}}");
    }

    @Test
    void specToStringHidesSecrets() {
        DeploymentSpec spec = DeploymentSpec.builder()
                .name("n")
                .putEnv("HF_TOKEN", "hf_secret")
                .build();

        assertThat(spec.toString()).doesNotContain("hf_secret").contains("\"HF_TOKEN\":\"****\"");
        assertThat(spec.env()).containsEntry("HF_TOKEN", "hf_secret");
    }

    @Test
    void submittedRequestCarriesItsKeyOutsideTheJson() {
        SubmittedRequest s = SubmittedRequest.fromJson(Json.readTree("{\"id\":\"req-1\",\"queued_at\":5}"), "key-1");

        assertThat(s.id()).isEqualTo("req-1");
        assertThat(s.idempotencyKey()).contains("key-1");
        assertThat(s.additionalProperties()).containsOnlyKeys("queued_at");
        assertThat(Json.write(s)).isEqualTo("{\"id\":\"req-1\",\"queued_at\":5}");
        assertThat(s).isNotEqualTo(s.toBuilder().idempotencyKey("key-2").build());
        assertThat(SubmittedRequest.of("req-1", null).idempotencyKey()).isEmpty();
    }
}
