package dev.jls.samples.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The emulator's OpenAI-compatible routes, driven by the official OpenAI Java client exactly as an
 * application would drive them: {@code POST /v1/chat/completions} and {@code POST /v1/completions}
 * (plain and streamed, {@code n}, {@code stop}, {@code max_tokens}, usage in streams), {@code GET
 * /v1/models}, and the errors, which must arrive as the client's own exception types with the right
 * status.
 *
 * <p>Answers are read through the client's typed accessors, which throw when a required field is
 * missing or has the wrong type. The same tests run twice: with the client as it comes
 * ({@link OpenAiClientConformanceTest}) and with its strict response validation switched on
 * ({@link OpenAiClientStrictValidationTest}), which checks every field the OpenAI API marks required.
 */
abstract class OpenAiRoutesConformance {

    static final String PROMPT = "Tell me about the lighthouse keeper and the storm.";

    /** The deployment under test; set up by the concrete class. */
    protected abstract ConformanceTarget target();

    // ------------------------------------------------------------------------------------------ chat

    @Test
    void chatCompletionHasTheShapeTheClientReads() {
        ChatCompletion completion = openai().chat()
                .completions()
                .create(chat().maxCompletionTokens(12).build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion._object_()).isEqualTo(JsonValue.from("chat.completion"));
        assertThat(completion.model()).isEqualTo(target().model());
        assertThat(completion.created()).isPositive();
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.index()).isZero();
        assertThat(choice.message()._role()).isEqualTo(JsonValue.from("assistant"));
        assertThat(choice.message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(12);
        assertThat(usage.promptTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void maxTokensAndMaxCompletionTokensBothLimitTheAnswer() {
        ChatCompletion viaMaxTokens =
                openai().chat().completions().create(chat().maxTokens(5).build());
        ChatCompletion viaMaxCompletionTokens = openai().chat()
                .completions()
                .create(chat().maxCompletionTokens(5).build());

        for (ChatCompletion completion : List.of(viaMaxTokens, viaMaxCompletionTokens)) {
            assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
            assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        }
        assertThat(viaMaxTokens.choices().get(0).message().content())
                .isEqualTo(viaMaxCompletionTokens.choices().get(0).message().content());
    }

    @Test
    void withoutALimitTheAnswerStopsOnItsOwn() {
        ChatCompletion completion = openai().chat().completions().create(chat().build());

        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.choices().get(0).message().content())
                .hasValueSatisfying(text -> assertThat(text).isNotBlank());
    }

    @Test
    void nGivesThatManyChoicesEachWithItsIndex() {
        ChatCompletion completion = openai().chat()
                .completions()
                .create(chat().n(3).maxCompletionTokens(8).build());

        assertThat(completion.choices())
                .extracting(ChatCompletion.Choice::index)
                .containsExactly(0L, 1L, 2L);
        assertThat(completion.choices())
                .allSatisfy(choice -> assertThat(choice.message().content())
                        .hasValueSatisfying(text -> assertThat(text).isNotBlank()));
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3 * 8);
    }

    @Test
    void aStopStringEndsTheAnswerBeforeIt() {
        String full = plainAnswer(chat().maxCompletionTokens(30).build());
        String stop = wordInTheMiddle(full);

        ChatCompletion stopped = openai().chat()
                .completions()
                .create(chat().maxCompletionTokens(30).stop(stop).build());

        ChatCompletion.Choice choice = stopped.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        String text = choice.message().content().orElseThrow();
        assertThat(text).doesNotContain(stop);
        assertThat(full).startsWith(text);
        // vLLM's extra field, kept by the client as an additional property.
        assertThat(choice._additionalProperties()).containsEntry("stop_reason", JsonValue.from(stop));
    }

    @Test
    void ofSeveralStopStringsTheFirstInTheTextEndsTheAnswer() {
        String full = plainAnswer(chat().maxCompletionTokens(30).build());
        String[] words = full.trim().split("\\s+");
        String early = " " + words[2];
        String late = " " + words[words.length - 1];

        ChatCompletion stopped = openai().chat()
                .completions()
                .create(chat().maxCompletionTokens(30)
                        .stopOfStrings(List.of(late, early))
                        .build());

        String first = full.indexOf(late) < full.indexOf(early) ? late : early;
        ChatCompletion.Choice choice = stopped.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().content().orElseThrow()).isEqualTo(full.substring(0, full.indexOf(first)));
        assertThat(choice._additionalProperties()).containsEntry("stop_reason", JsonValue.from(first));
    }

    @Test
    void aStreamedChatJoinsToThePlainAnswer() {
        ChatCompletionCreateParams params =
                chat().maxCompletionTokens(16).seed(3).build();
        String plain = plainAnswer(params);

        List<ChatCompletionChunk> chunks = streamChat(params);

        assertThat(chunks).isNotEmpty();
        assertThat(chunks)
                .extracting(ChatCompletionChunk::id)
                .containsOnly(chunks.get(0).id());
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk._object_()).isEqualTo(JsonValue.from("chat.completion.chunk"));
            assertThat(chunk.model()).isEqualTo(target().model());
            assertThat(chunk.usage()).isEmpty();
        });
        assertThat(chunks.get(0).choices().get(0).delta().role())
                .contains(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        assertThat(joinedContent(chunks).get(0L)).isEqualTo(plain);
        assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
    }

    @Test
    void aStreamWithIncludeUsageEndsWithAUsageChunk() {
        ChatCompletionCreateParams params = chat().maxCompletionTokens(10)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        List<ChatCompletionChunk> chunks = streamChat(params);

        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        CompletionUsage usage = last.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(10);
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + 10);
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    }

    @Test
    void theUsageChunkOfAStreamWithNChoicesCountsEveryChoice() {
        ChatCompletionCreateParams params = chat().n(2)
                .maxCompletionTokens(6)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        List<ChatCompletionChunk> chunks = streamChat(params);

        CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(2 * 6);
    }

    @Test
    void aStreamWithNChoicesCarriesEveryIndex() {
        ChatCompletionCreateParams params = chat().n(2).maxCompletionTokens(8).build();
        ChatCompletion plain = openai().chat().completions().create(params);

        Map<Long, String> streamed = joinedContent(streamChat(params));

        assertThat(streamed).containsOnlyKeys(0L, 1L);
        assertThat(streamed.get(0L))
                .isEqualTo(plain.choices().get(0).message().content().orElseThrow());
        assertThat(streamed.get(1L))
                .isEqualTo(plain.choices().get(1).message().content().orElseThrow());
    }

    @Test
    void aStreamedStopEndsLikeThePlainOne() {
        String full = plainAnswer(chat().maxCompletionTokens(30).build());
        ChatCompletionCreateParams params =
                chat().maxCompletionTokens(30).stop(wordInTheMiddle(full)).build();
        String plain = plainAnswer(params);

        List<ChatCompletionChunk> chunks = streamChat(params);

        assertThat(joinedContent(chunks).get(0L)).isEqualTo(plain);
        assertThat(finishReasons(chunks)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void theAsyncClientGetsTheSameAnswers() {
        ChatCompletionCreateParams params =
                chat().maxCompletionTokens(12).seed(5).build();
        String plain = plainAnswer(params);

        ChatCompletion viaAsync = openai().async()
                .chat()
                .completions()
                .create(params)
                .orTimeout(60, TimeUnit.SECONDS)
                .join();
        List<ChatCompletionChunk> chunks = Collections.synchronizedList(new ArrayList<>());
        AsyncStreamResponse<ChatCompletionChunk> stream =
                openai().async().chat().completions().createStreaming(params);
        try {
            stream.subscribe(chunks::add);
            stream.onCompleteFuture().orTimeout(60, TimeUnit.SECONDS).join();
        } finally {
            stream.close();
        }

        assertThat(viaAsync.choices().get(0).message().content()).contains(plain);
        assertThat(joinedContent(List.copyOf(chunks)).get(0L)).isEqualTo(plain);
    }

    // ----------------------------------------------------------------------------------- completions

    @Test
    void completionHasTheShapeTheClientReads() {
        Completion completion =
                openai().completions().create(completion().maxTokens(7).build());

        assertThat(completion.id()).startsWith("cmpl-");
        assertThat(completion._object_()).isEqualTo(JsonValue.from("text_completion"));
        assertThat(completion.model()).isEqualTo(target().model());
        assertThat(completion.created()).isPositive();
        assertThat(completion.choices()).hasSize(1);
        CompletionChoice choice = completion.choices().get(0);
        assertThat(choice.index()).isZero();
        assertThat(choice.text()).isNotBlank();
        assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.LENGTH);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(7);
    }

    @Test
    void completionsHonourNAndStop() {
        Completion several =
                openai().completions().create(completion().maxTokens(6).n(2).build());
        assertThat(several.choices()).extracting(CompletionChoice::index).containsExactly(0L, 1L);

        String full = plainText(completion().maxTokens(30).build());
        String stop = wordInTheMiddle(full);
        CompletionChoice stopped = openai().completions()
                .create(completion().maxTokens(30).stop(stop).build())
                .choices()
                .get(0);
        assertThat(stopped.finishReason()).isEqualTo(CompletionChoice.FinishReason.STOP);
        assertThat(stopped.text()).doesNotContain(stop);
        assertThat(full).startsWith(stopped.text());
    }

    @Test
    void aStreamedCompletionJoinsToThePlainOneAndCarriesUsage() {
        // As in vLLM, stream_options is refused (400) on a request that does not stream.
        String plain = plainText(completion().maxTokens(9).build());
        CompletionCreateParams params = completion()
                .maxTokens(9)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        List<Completion> chunks = new ArrayList<>();
        try (StreamResponse<Completion> stream = openai().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(chunk._object_()).isEqualTo(JsonValue.from("text_completion")));
        String joined = chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(CompletionChoice::text)
                .collect(Collectors.joining());
        assertThat(joined).isEqualTo(plain);
        Completion last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(9);
    }

    // ---------------------------------------------------------------------------------------- models

    @Test
    void modelsListsTheServedModel() {
        List<Model> models = openai().models().list().data();

        assertThat(models).extracting(Model::id).containsExactly(target().model());
        Model model = models.get(0);
        assertThat(model._object_()).isEqualTo(JsonValue.from("model"));
        assertThat(model.ownedBy()).isNotBlank();
        assertThat(model.created()).isPositive();
    }

    // ---------------------------------------------------------------------------------------- errors

    @Test
    void anUnknownModelIsTheClientsNotFoundException() {
        assertThatThrownBy(() -> openai().chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("no-such-model")
                                .addUserMessage(PROMPT)
                                .build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no-such-model");
                    assertThat(e.type()).contains("NotFoundError");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void anUnknownModelOnAStreamIsTheClientsNotFoundException() {
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = openai().chat()
                            .completions()
                            .createStreaming(ChatCompletionCreateParams.builder()
                                    .model("no-such-model")
                                    .addUserMessage(PROMPT)
                                    .build())) {
                        stream.stream().forEach(chunk -> {});
                    }
                })
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void anUnknownModelOnCompletionsIsTheClientsNotFoundException() {
        assertThatThrownBy(() -> openai().completions()
                        .create(CompletionCreateParams.builder()
                                .model("no-such-model")
                                .prompt("Hello")
                                .build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void aWrongKeyIsTheClientsUnauthorizedException() {
        try (Closing<OpenAIClient> wrong = clientAt(target().openAiBaseUrl(), "not-the-key")) {
            assertChatAndModelsFail(wrong.value(), UnauthorizedException.class, 401);
        }
    }

    @Test
    void anUnknownDeploymentIsTheClientsNotFoundException() {
        String unknownBase = target().openAiBaseUrl().replace(target().deploymentId(), "dep-000000000000");
        try (Closing<OpenAIClient> unknown = clientAt(unknownBase, target().apiKey())) {
            assertChatAndModelsFail(unknown.value(), NotFoundException.class, 404);
        }
    }

    @Test
    void aValueTheEngineRefusesIsTheClientsBadRequestException() {
        assertThatThrownBy(() -> openai().chat()
                        .completions()
                        .create(chat().maxCompletionTokens(1_000_000).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.type()).contains("BadRequestError");
                });
    }

    @Test
    void anEngineFailureIsTheClientsInternalServerException() {
        assertThatThrownBy(() -> target().failingOpenAi()
                        .chat()
                        .completions()
                        .create(chat().maxCompletionTokens(20).build()))
                .isInstanceOfSatisfying(
                        InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void anErrorAfterTheStreamBeganIsRaisedWhileReadingIt() {
        List<String> texts = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (StreamResponse<ChatCompletionChunk> stream = target().failingOpenAi()
                            .chat()
                            .completions()
                            .createStreaming(chat().maxCompletionTokens(20).build())) {
                        stream.stream()
                                .forEach(chunk -> chunk.choices()
                                        .forEach(choice ->
                                                choice.delta().content().ifPresent(texts::add)));
                    }
                })
                .isInstanceOf(SseException.class);
        assertThat(String.join("", texts)).as("the tokens before the error").isNotEmpty();
    }

    // ---------------------------------------------------------------------------------------- helpers

    protected OpenAIClient openai() {
        return target().openai();
    }

    protected ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder()
                .model(target().model())
                .addSystemMessage("You are a storyteller.")
                .addUserMessage(PROMPT)
                .temperature(0.0);
    }

    protected CompletionCreateParams.Builder completion() {
        return CompletionCreateParams.builder().model(target().model()).prompt("Once upon a time");
    }

    protected List<ChatCompletionChunk> streamChat(ChatCompletionCreateParams params) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                openai().chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        return chunks;
    }

    /** The content of the first choice of a chat completion that does not stream. */
    protected String plainAnswer(ChatCompletionCreateParams params) {
        return openai().chat()
                .completions()
                .create(params)
                .choices()
                .get(0)
                .message()
                .content()
                .orElseThrow();
    }

    /** The text of the first choice of a completion that does not stream. */
    protected String plainText(CompletionCreateParams params) {
        return openai().completions().create(params).choices().get(0).text();
    }

    /** Every finish reason the chunks of a stream carry, in order. */
    static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream())
                .toList();
    }

    /** An OpenAI client of its own, on another base URL or key than the target's, closed with the result. */
    static Closing<OpenAIClient> clientAt(String baseUrl, String apiKey) {
        return new Closing<>(
                OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build(), OpenAIClient::close);
    }

    /** Both a chat completion and the model list fail on the client as the given exception with the given status. */
    <E extends OpenAIServiceException> void assertChatAndModelsFail(OpenAIClient client, Class<E> type, int status) {
        assertThatThrownBy(() -> client.chat().completions().create(chat().build()))
                .isInstanceOfSatisfying(type, e -> assertThat(e.statusCode()).isEqualTo(status));
        assertThatThrownBy(() -> client.models().list())
                .isInstanceOfSatisfying(type, e -> assertThat(e.statusCode()).isEqualTo(status));
    }

    /** The content of each choice, joined over the chunks, by choice index. */
    static Map<Long, String> joinedContent(List<ChatCompletionChunk> chunks) {
        Map<Long, StringBuilder> byIndex = new TreeMap<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                StringBuilder text = byIndex.computeIfAbsent(choice.index(), i -> new StringBuilder());
                choice.delta().content().ifPresent(text::append);
            }
        }
        Map<Long, String> joined = new TreeMap<>();
        byIndex.forEach((index, text) -> joined.put(index, text.toString()));
        return joined;
    }

    /** A word from the middle of a text, with its leading space, to use as a stop string. */
    static String wordInTheMiddle(String text) {
        String[] words = text.trim().split("\\s+");
        assertThat(words.length).as("words in %s", text).isGreaterThanOrEqualTo(4);
        return " " + words[words.length / 2];
    }

    /** An AutoCloseable for things whose close method is not AutoCloseable's. */
    record Closing<T>(T value, java.util.function.Consumer<T> closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.accept(value);
        }
    }
}
