package dev.jls.cli.chat;

import dev.jls.cli.CommandFailure;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Output;
import dev.jls.sdk.AsyncStreamResponse;
import dev.jls.sdk.ChatCompletionAccumulator;
import dev.jls.sdk.OpenAiEndpointAsync;
import dev.jls.sdk.StreamHandler;
import dev.jls.sdk.models.ChatChunkChoice;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.StreamOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * Sends a conversation to a deployment's OpenAI-compatible route and prints the answer as it arrives
 * (reasoning dimmed, then the text), or whole with {@code --no-stream}. An answer can be stopped at any
 * moment, even before its first byte, from another thread ({@link #stop()}, what Ctrl-C calls).
 */
final class ChatSender implements Conversation.Backend {

    private final OpenAiEndpointAsync endpoint;
    private final Output out;
    private final boolean stream;
    private final UnaryOperator<ChatCompletionRequest.Builder> sampling;
    private final UnaryOperator<RuntimeException> explain;

    private volatile Runnable stopAnswer;
    private volatile boolean stopped;

    /**
     * @param sampling sets the sampling parameters on a request
     * @param explain turns a failure into the one to report (a failed deployment's reason)
     */
    ChatSender(
            OpenAiEndpointAsync endpoint,
            Output out,
            boolean stream,
            UnaryOperator<ChatCompletionRequest.Builder> sampling,
            UnaryOperator<RuntimeException> explain) {
        this.endpoint = endpoint;
        this.out = out;
        this.stream = stream;
        this.sampling = sampling;
        this.explain = explain;
    }

    @Override
    public ChatCompletion answer(List<ChatMessage> messages, String model) {
        ChatCompletionRequest.Builder builder = ChatCompletionRequest.builder().messages(List.copyOf(messages));
        if (model != null) {
            builder.model(model);
        }
        ChatCompletionRequest request = sampling.apply(builder).build();
        stopped = false;
        try {
            return stream ? streamed(request) : whole(request);
        } catch (RuntimeException e) {
            throw explain.apply(e);
        }
    }

    @Override
    public void stop() {
        Runnable stop = stopAnswer;
        if (stop == null) {
            return;
        }
        stopped = true;
        try {
            stop.run();
        } catch (RuntimeException racingTheReader) {
            // Closing a stream while another thread reads it can trip over that read; the call is
            // cancelled all the same, and the reading thread reports the answer as stopped.
        }
    }

    @Override
    public boolean stopped() {
        return stopped;
    }

    @Override
    public List<String> models() {
        try {
            return endpoint.listModels().get().stream().map(Model::id).toList();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private ChatCompletion streamed(ChatCompletionRequest request) {
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        ChunkPrinter printer = new ChunkPrinter(out);
        CompletableFuture<Void> done = new CompletableFuture<>();
        AsyncStreamResponse<ChatCompletionChunk> response = endpoint.createChatCompletionStreaming(
                request.toBuilder().streamOptions(StreamOptions.withUsage()).build());
        stopAnswer = () -> {
            done.complete(null);
            response.close();
        };
        WaitingLine waiting = out.showsProgress() ? WaitingLine.start(out.err()) : null;
        response.subscribe(new StreamHandler<>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
                if (waiting != null) {
                    waiting.close();
                }
                if (!done.isDone()) {
                    accumulator.accept(chunk);
                    printer.print(chunk);
                }
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                error.ifPresentOrElse(done::completeExceptionally, () -> done.complete(null));
            }
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            if (!stopped) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            stopAnswer = null;
            if (waiting != null) {
                waiting.close();
            }
            response.close();
        }
        if (!out.isJson()) {
            if (stopped) {
                out.out().print(out.dim(" [stopped]"));
            }
            if (printer.printed || stopped) {
                out.out().println();
            }
            out.out().flush();
        }
        return accumulator.chatCompletion();
    }

    /** Prints each chunk's text as it comes: reasoning dimmed, then the answer. */
    private static final class ChunkPrinter {
        private final Output out;
        private boolean inReasoning;
        boolean printed;

        ChunkPrinter(Output out) {
            this.out = out;
        }

        void print(ChatCompletionChunk chunk) {
            if (out.isJson()) {
                return;
            }
            for (ChatChunkChoice choice : chunk.choices()) {
                if (choice.index() != 0) {
                    continue;
                }
                String reasoning = choice.delta().reasoning().orElse("");
                if (!reasoning.isEmpty()) {
                    out.out().print(out.dim(reasoning));
                    inReasoning = true;
                    printed = true;
                }
                String content = choice.delta().content().orElse("");
                if (!content.isEmpty()) {
                    if (inReasoning) {
                        out.out().print("\n\n");
                        inReasoning = false;
                    }
                    out.out().print(content);
                    printed = true;
                }
            }
            out.out().flush();
        }
    }

    private ChatCompletion whole(ChatCompletionRequest request) {
        // Cancelling the future cancels the HTTP call: the server stops generating.
        CompletableFuture<ChatCompletion> call = endpoint.createChatCompletion(request);
        stopAnswer = () -> call.cancel(true);
        ChatCompletion answer;
        try {
            answer = call.get();
        } catch (CancellationException | InterruptedException e) {
            out.line(out.dim("[stopped]"));
            throw new CommandFailure(ExitCodes.INTERRUPTED, "stopped");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            stopAnswer = null;
        }
        if (!out.isJson() && !answer.choices().isEmpty()) {
            ChatMessage message = answer.choices().get(0).message();
            message.reasoning()
                    .filter(r -> !r.isEmpty())
                    .ifPresent(r -> out.out().println(out.dim(r) + "\n"));
            out.out().println(message.content().orElse(""));
            out.out().flush();
        }
        return answer;
    }
}
