package dev.jls.sdk.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.support.ExampleSpecs;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact JSON examples of API.md and ENGINE.md, read into typed values and written back unchanged. */
class SpecExamplesTest {

    static final String SPEC = """
            {
              "name": "qwen",
              "region": "india-noida-01",
              "framework": "vllm",
              "gpus_to_use": {"gpus": ["H100"]},
              "gpus_per_worker": 1,
              "min_workers": 0,
              "max_workers": 2,
              "concurrent_requests": 4,
              "idle_timeout": 600,
              "wait_time": 60,
              "storage": 50,
              "args": {"model": "Qwen/Qwen3-0.6B", "max-model-len": "8192", "served-model-name": "qwen"},
              "env": {"HF_TOKEN": "hf_…"}
            }""";

    static final String RECORD = """
            {
              "deployment_id": "dep-…", "name": "qwen", "status": "running", "error_message": null,
              "region": "india-noida-01", "framework": "vllm", "gpus_to_use": {"gpus": ["H100"]},
              "gpus_per_worker": 1, "min_workers": 0, "max_workers": 2, "concurrent_requests": 4,
              "idle_timeout": 600, "wait_time": 60, "storage": 50,
              "args": {"model": "Qwen/Qwen3-0.6B"}, "env": {"HF_TOKEN": "hf_****"},
              "start_time": "2026-06-08T08:38:45.011322", "end_time": null,
              "created_at": "2026-06-08T08:38:45.011322+00:00", "updated_at": "2026-06-08T08:40:00+00:00",
              "workers": {"total": 2, "healthy": 1, "provisioning": 1,
                          "list": [{"worker_id": 8841, "status": "healthy", "last_used": "2026-06-08T08:41:00+00:00"},
                                   {"worker_id": null, "status": "provisioning", "last_used": null}]},
              "queue_depth": 0, "total_cost": 0.0, "currency": "USD"
            }""";

    static final String MODELS = """
            {"object":"list","data":[{"id":"llama8b","object":"model","created":1718000000,"owned_by":"vllm",\
            "root":"meta-llama/Llama-3.1-8B-Instruct","parent":null,"max_model_len":8192}]}""";

    static final String CHAT = """
            {"id":"chatcmpl-…","object":"chat.completion","created":1718000000,"model":"llama8b",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","reasoning":null,"tool_calls":[]},\
            "logprobs":null,"finish_reason":"stop","stop_reason":null}],\
            "usage":{"prompt_tokens":10,"total_tokens":12,"completion_tokens":2,"prompt_tokens_details":null}}""";

    static final List<String> CHUNKS = List.of("""
            {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""", """
            {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}""", """
            {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"content":"lo"},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}""", """
            {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[],"usage":{"prompt_tokens":10,"total_tokens":12,"completion_tokens":2}}""");

    static final String SUBMIT = """
            {"input": {"model": "meta-llama/Llama-3.2-3B-Instruct",
                       "messages": [{"role": "user", "content": "tell me a beautiful story of moon?"}]}}""";

    @Test
    void deploymentSpec() {
        DeploymentSpec spec = Json.read(SPEC, DeploymentSpec.class);

        assertThat(spec.name()).contains("qwen");
        assertThat(spec.region()).contains("india-noida-01");
        assertThat(spec.framework()).contains(Framework.VLLM);
        assertThat(spec.gpusToUse()).containsExactly("H100");
        assertThat(spec.gpusPerWorker()).contains(1);
        assertThat(spec.minWorkers()).contains(0);
        assertThat(spec.maxWorkers()).contains(2);
        assertThat(spec.concurrentRequests()).isEqualTo(4);
        assertThat(spec.idleTimeout()).contains(600);
        assertThat(spec.waitTime()).contains(60);
        assertThat(spec.storage()).contains(50);
        assertThat(spec.args())
                .containsExactly(
                        Map.entry("model", "Qwen/Qwen3-0.6B"),
                        Map.entry("max-model-len", "8192"),
                        Map.entry("served-model-name", "qwen"));
        assertThat(spec.model()).contains("Qwen/Qwen3-0.6B");
        assertThat(spec.servedModelName()).contains("qwen");
        assertThat(spec.env()).containsExactly(Map.entry("HF_TOKEN", "hf_…"));
        assertThat(spec.additionalProperties()).isEmpty();
        assertThat(spec.validate()).isSameAs(spec);
        assertThat(Json.toTree(spec)).isEqualTo(Json.readTree(SPEC));
    }

    @Test
    void deploymentSpecBuiltLikeTheExampleWritesTheExample() {
        DeploymentSpec spec = ExampleSpecs.qwenAsInTheExample("hf_…").build();

        assertThat(Json.write(spec)).isEqualTo(Json.write(Json.readTree(SPEC)));
    }

    @Test
    void fullDeploymentRecord() {
        Deployment d = Json.read(RECORD, Deployment.class);

        assertThat(d.deploymentId()).isEqualTo("dep-…");
        assertThat(d.name()).isEqualTo("qwen");
        assertThat(d.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(d.status().value()).isEqualTo(DeploymentStatus.Value.RUNNING);
        assertThat(d.errorMessage()).isEmpty();
        assertThat(d.rawField("error_message")).contains(NullNode.getInstance());
        assertThat(d.framework()).contains(Framework.VLLM);
        assertThat(d.gpusToUse()).containsExactly("H100");
        assertThat(d.concurrentRequests()).contains(4);
        assertThat(d.model()).contains("Qwen/Qwen3-0.6B");
        assertThat(d.env()).containsEntry("HF_TOKEN", "hf_****");
        assertThat(d.startTimeRaw()).contains("2026-06-08T08:38:45.011322");
        assertThat(d.startTime()).contains(OffsetDateTime.of(2026, 6, 8, 8, 38, 45, 11_322_000, ZoneOffset.UTC));
        assertThat(d.endTime()).isEmpty();
        assertThat(d.createdAt()).contains(OffsetDateTime.of(2026, 6, 8, 8, 38, 45, 11_322_000, ZoneOffset.UTC));
        assertThat(d.updatedAt()).contains(OffsetDateTime.of(2026, 6, 8, 8, 40, 0, 0, ZoneOffset.UTC));
        assertThat(d.queueDepth()).contains(0);
        assertThat(d.totalCost()).contains(0.0);
        assertThat(d.currency()).contains("USD");

        Workers workers = d.workers().orElseThrow();
        assertThat(workers.total()).isEqualTo(2);
        assertThat(workers.healthy()).isEqualTo(1);
        assertThat(workers.provisioning()).isEqualTo(1);
        assertThat(workers.list()).hasSize(2);
        WorkerInfo first = workers.list().get(0);
        assertThat(first.workerId()).contains(8841L);
        assertThat(first.status()).isEqualTo(WorkerStatus.HEALTHY);
        assertThat(first.lastUsed()).contains(OffsetDateTime.of(2026, 6, 8, 8, 41, 0, 0, ZoneOffset.UTC));
        assertThat(first.pid()).isEmpty();
        assertThat(first.gpus()).isEmpty();
        WorkerInfo second = workers.list().get(1);
        assertThat(second.workerId()).isEmpty();
        assertThat(second.rawField("worker_id")).contains(NullNode.getInstance());
        assertThat(second.status()).isEqualTo(WorkerStatus.PROVISIONING);
        assertThat(second.lastUsed()).isEmpty();

        assertThat(Json.write(d)).isEqualTo(Json.write(Json.readTree(RECORD)));
    }

    @Test
    void emulatorWorkerExtensions() {
        WorkerInfo w = Json.read("""
                {"worker_id": 1, "status": "healthy", "last_used": null, "gpus": [0, 1], "pid": 4242,
                 "port": 40123, "in_flight": 3}""", WorkerInfo.class);

        assertThat(w.gpus()).containsExactly(0, 1);
        assertThat(w.pid()).contains(4242L);
        assertThat(w.port()).contains(40123);
        assertThat(w.inFlight()).contains(3);
    }

    @Test
    void deploymentListSummaries() {
        JsonNode list = Json.readTree("""
                {"deployments": [{"deployment_id": "dep-0123456789ab", "name": "qwen", "status": "downloading_model",
                  "region": "india-noida-01", "start_time": "2026-06-08T08:38:45.011322", "framework": "vllm",
                  "min_workers": 0, "max_workers": 2, "gpus_to_use": {"gpus": ["H100", "A100"]},
                  "concurrent_requests": 4, "gpus_per_worker": 1, "error_message": null, "total_cost": 1.25,
                  "currency": "USD"}]}""");
        DeploymentSummary s = DeploymentSummary.fromJson(list.get("deployments").get(0));

        assertThat(s.deploymentId()).isEqualTo("dep-0123456789ab");
        assertThat(s.status()).isEqualTo(DeploymentStatus.DOWNLOADING_MODEL);
        assertThat(s.status().isTerminalError()).isFalse();
        assertThat(s.startTime()).isPresent();
        assertThat(s.gpusToUse()).containsExactly("H100", "A100");
        assertThat(s.totalCost()).contains(1.25);
        assertThat(s.maxWorkers()).contains(2);
        assertThat(s.toJson()).isEqualTo(list.get("deployments").get(0));
    }

    @Test
    void modelList() {
        ModelList list = Json.read(MODELS, ModelList.class);

        assertThat(list.object()).isEqualTo("list");
        Model m = list.data().get(0);
        assertThat(m.id()).isEqualTo("llama8b");
        assertThat(m.object()).isEqualTo("model");
        assertThat(m.created()).contains(1_718_000_000L);
        assertThat(m.ownedBy()).contains("vllm");
        assertThat(m.root()).contains("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(m.parent()).isEmpty();
        assertThat(m.maxModelLen()).contains(8192);
        assertThat(Json.write(list)).isEqualTo(MODELS);
    }

    @Test
    void chatCompletionWrittenBackByteForByte() {
        ChatCompletion c = Json.read(CHAT, ChatCompletion.class);

        assertThat(c.id()).isEqualTo("chatcmpl-…");
        assertThat(c.object()).isEqualTo("chat.completion");
        assertThat(c.created()).isEqualTo(1_718_000_000L);
        assertThat(c.model()).isEqualTo("llama8b");
        ChatChoice choice = c.choices().get(0);
        assertThat(choice.index()).isZero();
        assertThat(choice.message().role()).isEqualTo(ChatRole.ASSISTANT);
        assertThat(choice.message().content()).contains("Hello!");
        assertThat(choice.message().reasoning()).isEmpty();
        assertThat(choice.message().toolCalls()).isEmpty();
        assertThat(choice.logprobs()).isEmpty();
        assertThat(choice.finishReason()).contains(FinishReason.STOP);
        assertThat(choice.stopReason()).isEmpty();
        assertThat(choice.rawField("stop_reason")).contains(NullNode.getInstance());
        Usage usage = c.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(10);
        assertThat(usage.completionTokens()).isEqualTo(2);
        assertThat(usage.totalTokens()).isEqualTo(12);
        assertThat(usage.promptTokensDetails()).isEmpty();
        assertThat(c.firstContent()).contains("Hello!");

        assertThat(Json.write(c)).isEqualTo(CHAT);
    }

    @Test
    void streamedChunks() {
        List<ChatCompletionChunk> chunks = CHUNKS.stream()
                .map(s -> Json.read(s, ChatCompletionChunk.class))
                .toList();

        assertThat(chunks.get(0).choices().get(0).delta().role()).contains(ChatRole.ASSISTANT);
        assertThat(chunks.get(0).choices().get(0).delta().content()).contains("");
        assertThat(chunks.get(0).choices().get(0).finishReason()).isEmpty();
        assertThat(chunks.get(1).choices().get(0).delta().role()).isEmpty();
        assertThat(chunks.get(1).choices().get(0).delta().content()).contains("Hel");
        assertThat(chunks.get(2).choices().get(0).finishReason()).contains(FinishReason.STOP);
        assertThat(chunks.get(2).choices().get(0).stopReason()).isEmpty();
        ChatCompletionChunk usageChunk = chunks.get(3);
        assertThat(usageChunk.choices()).isEmpty();
        assertThat(usageChunk.usage().orElseThrow().totalTokens()).isEqualTo(12);
        for (int i = 0; i < CHUNKS.size(); i++) {
            assertThat(Json.write(chunks.get(i))).isEqualTo(CHUNKS.get(i));
            assertThat(chunks.get(i).object()).isEqualTo("chat.completion.chunk");
        }
    }

    @Test
    void textCompletionAndItsChunks() {
        String body = """
                {"id":"cmpl-1","object":"text_completion","created":1718000000,"model":"llama8b",\
                "choices":[{"index":0,"text":" once upon","logprobs":null,"finish_reason":"length","stop_reason":null}],\
                "usage":{"prompt_tokens":3,"total_tokens":5,"completion_tokens":2}}""";
        Completion c = Json.read(body, Completion.class);

        assertThat(c.object()).isEqualTo("text_completion");
        assertThat(c.choices().get(0).text()).isEqualTo(" once upon");
        assertThat(c.choices().get(0).finishReason()).contains(FinishReason.LENGTH);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(2);
        assertThat(Json.write(c)).isEqualTo(body);
    }

    @Test
    void stopReasonCanBeTheStopStringOrATokenId() {
        ChatChoice byString = Json.read("""
                {"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop","stop_reason":"END"}""", ChatChoice.class);
        ChatChoice byToken = Json.read("""
                {"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop","stop_reason":128001}""", ChatChoice.class);

        assertThat(byString.stopReason().orElseThrow().asText()).isEqualTo("END");
        assertThat(byToken.stopReason().orElseThrow().asLong()).isEqualTo(128001L);
    }

    @Test
    void toolCallsAndReasoning() {
        ChatMessage m = Json.read("""
                {"role":"assistant","content":null,"reasoning":"The user wants weather.",
                 "tool_calls":[{"id":"chatcmpl-tool-1","type":"function",
                   "function":{"name":"get_weather","arguments":"{\\"city\\": \\"Noida\\"}"}}]}""", ChatMessage.class);

        assertThat(m.content()).isEmpty();
        assertThat(m.rawField("content")).contains(NullNode.getInstance());
        assertThat(m.reasoning()).contains("The user wants weather.");
        ToolCall call = m.toolCalls().get(0);
        assertThat(call.id()).contains("chatcmpl-tool-1");
        assertThat(call.type()).isEqualTo("function");
        assertThat(call.index()).isEmpty();
        assertThat(call.function().name()).contains("get_weather");
        assertThat(Json.readTree(call.function().arguments().orElseThrow())
                        .get("city")
                        .asText())
                .isEqualTo("Noida");
    }

    @Test
    void olderReasoningContentIsReadAsReasoningAndKept() {
        ChatDelta delta = Json.read("{\"reasoning_content\":\"hmm\"}", ChatDelta.class);

        assertThat(delta.reasoning()).contains("hmm");
        assertThat(delta.additionalProperties()).containsKey("reasoning_content");
        assertThat(Json.write(delta)).isEqualTo("{\"reasoning_content\":\"hmm\"}");
    }

    @Test
    void submittedInputIsAChatCompletionRequest() {
        ChatCompletionRequest req =
                ChatCompletionRequest.fromJson(Json.readTree(SUBMIT).get("input"));

        assertThat(req.model()).contains("meta-llama/Llama-3.2-3B-Instruct");
        assertThat(req.messages()).containsExactly(ChatMessage.user("tell me a beautiful story of moon?"));
        assertThat(req.maxTokens()).isEmpty();
        assertThat(req.stop()).isEmpty();
        assertThat(Json.toTree(req)).isEqualTo(Json.readTree(SUBMIT).get("input"));
    }

    @Test
    void openAiErrorObjectIsARequestError() {
        RequestError e = RequestError.fromJson(Json.readTree("""
                {"message":"The model `foo` does not exist.","type":"NotFoundError","param":"model","code":404}"""));

        assertThat(e.message()).isEqualTo("The model `foo` does not exist.");
        assertThat(e.type()).isEqualTo("NotFoundError");
        assertThat(e.param()).contains("model");
        assertThat(e.code().orElseThrow().asInt()).isEqualTo(404);
    }
}
