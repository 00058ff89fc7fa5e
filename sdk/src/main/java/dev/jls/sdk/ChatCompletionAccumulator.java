package dev.jls.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jls.sdk.internal.Json;
import dev.jls.sdk.models.ChatChoice;
import dev.jls.sdk.models.ChatChunkChoice;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatDelta;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.ChatRole;
import dev.jls.sdk.models.FinishReason;
import dev.jls.sdk.models.FunctionCall;
import dev.jls.sdk.models.ToolCall;
import dev.jls.sdk.models.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Joins the chunks of a streamed chat completion into the {@link ChatCompletion} the same request would
 * have answered without streaming: per choice, the content and reasoning deltas concatenated, tool calls
 * assembled by their {@code index} (arguments concatenated), the last finish and stop reason, log-probs
 * joined; and the usage chunk's usage.
 *
 * <pre>{@code
 * ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
 * try (StreamResponse<ChatCompletionChunk> chunks = endpoint.createChatCompletionStreaming(request)) {
 *     chunks.stream().peek(accumulator).forEach(chunk -> ...);
 * }
 * ChatCompletion whole = accumulator.chatCompletion();
 * }</pre>
 *
 * <p>Not thread-safe: feed it from one thread at a time (an {@link AsyncStreamResponse}'s handler is
 * called that way).
 */
public final class ChatCompletionAccumulator implements Consumer<ChatCompletionChunk> {

    private String id;
    private String model;
    private long created;
    private String systemFingerprint;
    private Usage usage;
    private final TreeMap<Integer, ChoiceState> choices = new TreeMap<>();
    private int chunks;

    /** An empty accumulator. */
    public ChatCompletionAccumulator() {}

    /** Adds the next chunk, in stream order. */
    @Override
    public void accept(ChatCompletionChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        chunks++;
        if (id == null) {
            id = chunk.id();
            model = chunk.model();
            created = chunk.created();
        }
        chunk.systemFingerprint().ifPresent(value -> systemFingerprint = value);
        chunk.usage().ifPresent(value -> usage = value);
        for (ChatChunkChoice choice : chunk.choices()) {
            choices.computeIfAbsent(choice.index(), ChoiceState::new).add(choice);
        }
    }

    /** How many chunks were added. */
    public int chunkCount() {
        return chunks;
    }

    /** The usage, once the usage chunk arrived (requested with {@code stream_options}). */
    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    /**
     * The completion the chunks so far add up to, {@code "object": "chat.completion"}.
     *
     * @throws IllegalStateException if no chunk was added
     */
    public ChatCompletion chatCompletion() {
        if (id == null) {
            throw new IllegalStateException("no chunk was added");
        }
        ChatCompletion.Builder builder = ChatCompletion.builder()
                .id(id)
                .object("chat.completion")
                .created(created)
                .model(model);
        List<ChatChoice> built = new ArrayList<>();
        for (ChoiceState state : choices.values()) {
            built.add(state.build());
        }
        builder.choices(built);
        if (usage != null) {
            builder.usage(usage);
        }
        if (systemFingerprint != null) {
            builder.systemFingerprint(systemFingerprint);
        }
        return builder.build();
    }

    private static final class ChoiceState {
        private final int index;
        private ChatRole role;
        private StringBuilder content;
        private StringBuilder reasoning;
        private final TreeMap<Integer, ToolCallState> toolCalls = new TreeMap<>();
        private FinishReason finishReason;
        private JsonNode stopReason;
        private ArrayNode logprobContent;

        ChoiceState(int index) {
            this.index = index;
        }

        void add(ChatChunkChoice choice) {
            ChatDelta delta = choice.delta();
            delta.role().ifPresent(value -> role = value);
            delta.content().ifPresent(text -> {
                if (content == null) {
                    content = new StringBuilder();
                }
                content.append(text);
            });
            delta.reasoning().ifPresent(text -> {
                if (reasoning == null) {
                    reasoning = new StringBuilder();
                }
                reasoning.append(text);
            });
            for (ToolCall call : delta.toolCalls()) {
                int key = call.index().orElse(toolCalls.size());
                toolCalls.computeIfAbsent(key, k -> new ToolCallState()).add(call);
            }
            choice.finishReason().ifPresent(value -> finishReason = value);
            choice.stopReason().ifPresent(value -> stopReason = value);
            choice.logprobs().ifPresent(value -> {
                JsonNode items = value.get("content");
                if (items != null && items.isArray()) {
                    if (logprobContent == null) {
                        logprobContent = Json.object().arrayNode();
                    }
                    logprobContent.addAll((ArrayNode) items);
                }
            });
        }

        ChatChoice build() {
            ChatMessage.Builder message = ChatMessage.builder()
                    .role(role == null ? ChatRole.ASSISTANT : role)
                    .content(content == null ? null : content.toString());
            if (reasoning != null) {
                message.reasoning(reasoning.toString());
            }
            List<ToolCall> calls = new ArrayList<>();
            for (ToolCallState call : toolCalls.values()) {
                calls.add(call.build());
            }
            message.toolCalls(calls);
            ChatChoice.Builder choice = ChatChoice.builder()
                    .index(index)
                    .message(message.build())
                    .finishReason(finishReason)
                    .stopReason(stopReason);
            if (logprobContent != null) {
                choice.logprobs(Json.object().set("content", logprobContent));
            } else {
                choice.logprobs(null);
            }
            return choice.build();
        }
    }

    private static final class ToolCallState {
        private String id;
        private String type;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(ToolCall call) {
            call.id().ifPresent(value -> id = value);
            if (call.type() != null && !call.type().isEmpty()) {
                type = call.type();
            }
            FunctionCall function = call.function();
            if (function != null) {
                function.name().ifPresent(value -> name = value);
                function.arguments().ifPresent(arguments::append);
            }
        }

        ToolCall build() {
            ToolCall.Builder builder = ToolCall.builder()
                    .type(type == null ? "function" : type)
                    .function(FunctionCall.of(name, arguments.toString()));
            if (id != null) {
                builder.id(id);
            }
            return builder.build();
        }
    }
}
