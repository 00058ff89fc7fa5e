package dev.jls.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.jls.sdk.errors.BadRequestException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.StreamErrorException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.FinishReason;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.StreamOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenAiEndpointTest extends WireMockSupport {

    static final String DEP = "dep-0123456789ab";
    static final String V1 = "/openai/" + DEP + "/v1";

    static final String CHUNKS = """
            data: {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}

            data: {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"content":"lo"},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}

            data: {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[],"usage":{"prompt_tokens":10,"total_tokens":12,"completion_tokens":2}}

            data: [DONE]

            """;

    static ChatCompletionRequest hello() {
        return ChatCompletionRequest.builder()
                .model("llama8b")
                .addMessage(ChatMessage.user("Say hello"))
                .build();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse().withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    @Test
    void createChatCompletionReadsVllmsShape() {
        server.stubFor(post(V1 + "/chat/completions").willReturn(okJson(RequestServiceTest.CHAT)));

        ChatCompletion answer = client.openai(DEP)
                .createChatCompletion(hello().toBuilder().stream(true)
                        .streamOptions(StreamOptions.withUsage())
                        .topK(20)
                        .build());

        assertThat(answer.choices().get(0).message().content()).contains("Hello!");
        assertThat(answer.choices().get(0).finishReason()).contains(FinishReason.STOP);
        assertThat(answer.usage())
                .hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(12));
        // A plain call never asks for a stream, and vLLM's extras reach the server.
        server.verify(
                postRequestedFor(urlEqualTo(V1 + "/chat/completions"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"model\": \"llama8b\", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}], \"top_k\": 20}")));
    }

    @Test
    void streamChatCompletionYieldsTheChunksAndTheUsageChunk() {
        server.stubFor(post(V1 + "/chat/completions").willReturn(sse(CHUNKS)));
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.openai(DEP)
                .createChatCompletionStreaming(hello().toBuilder()
                        .streamOptions(StreamOptions.withUsage())
                        .build())) {
            chunks = stream.stream().peek(accumulator).collect(Collectors.toList());
        }

        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(3).choices()).isEmpty();
        assertThat(chunks.get(3).usage())
                .hasValueSatisfying(
                        usage -> assertThat(usage.completionTokens()).isEqualTo(2));
        ChatCompletion joined = accumulator.chatCompletion();
        assertThat(joined.choices().get(0).message().content()).contains("Hello");
        assertThat(joined.choices().get(0).finishReason()).contains(FinishReason.STOP);
        assertThat(joined.usage()).isPresent();
        server.verify(postRequestedFor(urlEqualTo(V1 + "/chat/completions"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(
                        equalToJson("{\"stream\": true, \"stream_options\": {\"include_usage\": true}}", true, true)));
    }

    @Test
    void anErrorEventMidStreamRaisesStreamErrorException() {
        server.stubFor(post(V1 + "/chat/completions").willReturn(sse("""
                data: {"id":"chatcmpl-X","object":"chat.completion.chunk","created":1718000000,"model":"llama8b","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}]}

                data: {"error": {"message": "engine died", "type": "InternalServerError", "param": null, "code": 500}}

                data: [DONE]

                """)));
        List<ChatCompletionChunk> seen = new ArrayList<>();

        try (StreamResponse<ChatCompletionChunk> stream = client.openai(DEP).createChatCompletionStreaming(hello())) {
            assertThatThrownBy(() -> stream.stream().forEach(seen::add))
                    .isInstanceOfSatisfying(StreamErrorException.class, e -> {
                        assertThat(e.error().message()).isEqualTo("engine died");
                        assertThat(e.error().type()).isEqualTo("InternalServerError");
                        assertThat(e.error().code())
                                .hasValueSatisfying(
                                        code -> assertThat(code.asInt()).isEqualTo(500));
                    });
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void aStreamCutBeforeDoneFails() {
        server.stubFor(
                post(V1 + "/chat/completions").willReturn(sse(CHUNKS.substring(0, CHUNKS.indexOf("data: [DONE]")))));

        try (StreamResponse<ChatCompletionChunk> stream = client.openai(DEP).createChatCompletionStreaming(hello())) {
            assertThatThrownBy(() -> stream.stream().count())
                    .isInstanceOf(JlsIoException.class)
                    .hasMessageContaining("[DONE]");
        }
    }

    @Test
    void aStreamWhoseConnectionBreaksIsNotReplayed() {
        server.stubFor(
                post(V1 + "/chat/completions").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> client.openai(DEP).createChatCompletionStreaming(hello()))
                .isInstanceOf(JlsIoException.class);
        server.verify(1, postRequestedFor(urlEqualTo(V1 + "/chat/completions")));
    }

    @Test
    void anUnknownModelIsNotFoundInOpenAisShape() {
        server.stubFor(post(V1 + "/chat/completions").willReturn(jsonResponse(404, """
                        {"error": {"message": "The model `foo` does not exist.", "type": "NotFoundError", "param": "model", "code": 404}}""")));

        assertThatThrownBy(() -> client.openai(DEP).createChatCompletionStreaming(hello()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.getMessage()).contains("The model `foo` does not exist.");
                    assertThat(e.errorParam()).contains("model");
                    assertThat(e.errorType()).contains("NotFoundError");
                });
    }

    @Test
    void aBadRequestIsBadRequest() {
        server.stubFor(post(V1 + "/completions").willReturn(jsonResponse(400, """
                        {"error": {"message": "max_tokens is too large", "type": "BadRequestError", "param": null, "code": 400}}""")));

        assertThatThrownBy(() -> client.openai(DEP)
                        .createCompletion(
                                CompletionRequest.builder().prompt("x").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("max_tokens is too large");
    }

    @Test
    void completionsPlainAndStreamed() {
        server.stubFor(post(V1 + "/completions")
                .withRequestBody(equalToJson("{\"stream\": true}", true, true))
                .willReturn(sse("""
                        data: {"id":"cmpl-1","object":"text_completion","created":1718000000,"model":"llama8b","choices":[{"index":0,"text":"Once","logprobs":null,"finish_reason":null,"stop_reason":null}]}

                        data: {"id":"cmpl-1","object":"text_completion","created":1718000000,"model":"llama8b","choices":[{"index":0,"text":" upon","logprobs":null,"finish_reason":"length","stop_reason":null}]}

                        data: [DONE]

                        """)));
        server.stubFor(post(V1 + "/completions")
                .withRequestBody(equalToJson("{\"prompt\": \"Tell\"}", true, true))
                .willReturn(okJson("""
                        {"id":"cmpl-2","object":"text_completion","created":1718000000,"model":"llama8b",
                         "choices":[{"index":0,"text":" me more","logprobs":null,"finish_reason":"length","stop_reason":null}],
                         "usage":{"prompt_tokens":1,"total_tokens":3,"completion_tokens":2}}""")));

        Completion plain = client.openai(DEP)
                .createCompletion(CompletionRequest.builder().prompt("Tell").build());
        String streamed;
        try (StreamResponse<Completion> stream = client.openai(DEP)
                .createCompletionStreaming(
                        CompletionRequest.builder().prompt("Go").build())) {
            streamed =
                    stream.stream().map(chunk -> chunk.choices().get(0).text()).collect(Collectors.joining());
        }

        assertThat(plain.choices().get(0).text()).isEqualTo(" me more");
        assertThat(streamed).isEqualTo("Once upon");
    }

    @Test
    void listModelsReadsTheCards() {
        server.stubFor(get(V1 + "/models").willReturn(okJson("""
                {"object":"list","data":[{"id":"llama8b","object":"model","created":1718000000,"owned_by":"vllm",
                 "root":"meta-llama/Llama-3.1-8B-Instruct","parent":null,"max_model_len":8192}]}""")));

        List<Model> models = client.openai(DEP).listModels();

        assertThat(models).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("llama8b");
            assertThat(model.maxModelLen()).contains(8192);
        });
    }

    @Test
    void openaiAtTalksToAnyCompatibleServer() {
        server.stubFor(post("/v1/chat/completions").willReturn(okJson(RequestServiceTest.CHAT)));

        OpenAiEndpoint engine = client.openaiAt(server.baseUrl() + "/v1");

        assertThat(engine.baseUrl()).isEqualTo(server.baseUrl() + "/v1");
        assertThat(engine.createChatCompletion(hello()).id()).isEqualTo("chatcmpl-1");
    }

    @Test
    void asyncStreamPushesEveryChunkThenCompletes() throws Exception {
        server.stubFor(post(V1 + "/chat/completions").willReturn(sse(CHUNKS)));
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        List<Optional<Throwable>> ends = new ArrayList<>();

        AsyncStreamResponse<ChatCompletionChunk> stream =
                client.async().openai(DEP).createChatCompletionStreaming(hello());
        stream.subscribe(new StreamHandler<>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
                accumulator.accept(chunk);
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                ends.add(error);
            }
        });
        stream.onCompleteFuture().get(10, TimeUnit.SECONDS);

        assertThat(accumulator.chunkCount()).isEqualTo(4);
        assertThat(accumulator.chatCompletion().choices().get(0).message().content())
                .contains("Hello");
        assertThat(ends).containsExactly(Optional.empty());
    }

    @Test
    void asyncStreamReportsTheErrorEvent() {
        server.stubFor(
                post(V1 + "/chat/completions")
                        .willReturn(
                                sse(
                                        "data: {\"error\": {\"message\": \"engine died\", \"type\": \"InternalServerError\", \"code\": 500}}\n\ndata: [DONE]\n\n")));

        AsyncStreamResponse<ChatCompletionChunk> stream =
                client.async().openai(DEP).createChatCompletionStreaming(hello());
        stream.subscribe(chunk -> {});

        assertThatThrownBy(() -> stream.onCompleteFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StreamErrorException.class);
    }
}
