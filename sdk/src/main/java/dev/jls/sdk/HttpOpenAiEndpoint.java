package dev.jls.sdk;

import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Model;
import java.util.List;
import java.util.Objects;

/** {@link OpenAiEndpoint} over HTTP. */
final class HttpOpenAiEndpoint implements OpenAiEndpoint {

    static final String CHAT = "chat/completions";
    static final String COMPLETIONS = "completions";

    private final OpenAiCalls calls;

    HttpOpenAiEndpoint(OpenAiCalls calls) {
        this.calls = calls;
    }

    @Override
    public OpenAiEndpoint withOptions(RequestOptions options) {
        Objects.requireNonNull(options, "options");
        return new HttpOpenAiEndpoint(calls.withOptions(options));
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public String baseUrl() {
        return calls.v1.get().toString();
    }

    @Override
    public ChatCompletion createChatCompletion(ChatCompletionRequest request) {
        return raw.createChatCompletion(request).parse();
    }

    @Override
    public StreamResponse<ChatCompletionChunk> createChatCompletionStreaming(ChatCompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return new SseStreamResponse<>(
                calls.transport.open(calls.createStreaming(
                        calls.v1.get(),
                        "openai.createChatCompletionStreaming",
                        CHAT,
                        request.toBuilder().stream(true).build())),
                ChatCompletionChunk::fromJson);
    }

    @Override
    public Completion createCompletion(CompletionRequest request) {
        return raw.createCompletion(request).parse();
    }

    @Override
    public StreamResponse<Completion> createCompletionStreaming(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        return new SseStreamResponse<>(
                calls.transport.open(calls.createStreaming(
                        calls.v1.get(),
                        "openai.createCompletionStreaming",
                        COMPLETIONS,
                        request.toBuilder().stream(true).build())),
                Completion::fromJson);
    }

    @Override
    public List<Model> listModels() {
        return raw.listModels().parse();
    }

    private final WithRawResponse raw = new WithRawResponse() {
        @Override
        public RawResponse<ChatCompletion> createChatCompletion(ChatCompletionRequest request) {
            Objects.requireNonNull(request, "request");
            return DeploymentCalls.raw(
                    calls.transport.execute(calls.create(calls.v1.get(), "openai.createChatCompletion", CHAT, request)),
                    answer -> ChatCompletion.fromJson(OpenAiCalls.json(answer)));
        }

        @Override
        public RawResponse<Completion> createCompletion(CompletionRequest request) {
            Objects.requireNonNull(request, "request");
            return DeploymentCalls.raw(
                    calls.transport.execute(
                            calls.create(calls.v1.get(), "openai.createCompletion", COMPLETIONS, request)),
                    answer -> Completion.fromJson(OpenAiCalls.json(answer)));
        }

        @Override
        public RawResponse<List<Model>> listModels() {
            return DeploymentCalls.raw(calls.transport.execute(calls.listModels(calls.v1.get())), OpenAiCalls::models);
        }
    };
}
