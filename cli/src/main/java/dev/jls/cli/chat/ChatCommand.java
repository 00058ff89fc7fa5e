package dev.jls.cli.chat;

import dev.jls.cli.CommandFailure;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.FailedDeployment;
import dev.jls.cli.JlsCommand;
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
import dev.jls.sdk.models.StreamOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jls chat}: talk to a deployment through its OpenAI-compatible route. With a prompt, one answer;
 * without one on a terminal, a conversation that keeps its history, where Ctrl-C stops the answer
 * being written and returns to the prompt.
 */
@Command(
        name = "chat",
        sortOptions = false,
        description = {
            "Chat with a deployment, streaming the answer as it is written.",
            "Without PROMPT on a terminal: a conversation that keeps its history (Ctrl-C stops the answer,"
                    + " Ctrl-D or /exit ends, /reset forgets). Without PROMPT off a terminal: the prompt is read"
                    + " from standard input.",
            "Examples:",
            "  jls chat dep-0123456789ab \"Why is the sky blue?\"",
            "  jls chat dep-0123456789ab --system \"Answer in one line\" --temperature 0.2 \"Name a moon\"",
            "  jls chat dep-0123456789ab"
        })
public final class ChatCommand extends JlsCommand {

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "PROMPT",
            description = "The message; omit it for a conversation.")
    String prompt;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message to start with.")
    String system;

    @Option(names = "--no-stream", description = "Wait for the whole answer instead of streaming it.")
    boolean noStream;

    @Option(
            names = "--model",
            paramLabel = "NAME",
            description = "The model name to send (default: the deployment's served model).")
    String model;

    @Mixin
    SamplingOptions sampling;

    private volatile Runnable stopAnswer;
    private volatile boolean stopped;

    @Override
    protected int run() throws IOException {
        // Check the sampling flags before anything is sent or any conversation starts.
        sampling.apply(ChatCompletionRequest.builder());
        OpenAiEndpointAsync endpoint = client().async().openai(deploymentId);
        Output out = output();
        List<ChatMessage> history = new ArrayList<>();
        if (system != null) {
            history.add(ChatMessage.system(system));
        }
        if (prompt == null && jls().terminal().interactive() && !out.isJson()) {
            return converse(endpoint, history);
        }
        String text = prompt;
        if (text == null) {
            text = new String(jls().stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new CommandFailure(
                        ExitCodes.USAGE, "Missing PROMPT: give it as an argument or on standard input");
            }
        }
        history.add(ChatMessage.user(text));
        ChatCompletion answer = answer(endpoint, history);
        if (out.isJson()) {
            out.json(answer.toJson());
        }
        return ExitCodes.OK;
    }

    @SuppressWarnings("try") // the handler is installed for the conversation's scope
    private int converse(OpenAiEndpointAsync endpoint, List<ChatMessage> history) throws IOException {
        Output out = output();
        BufferedReader in = new BufferedReader(new InputStreamReader(jls().stdin(), StandardCharsets.UTF_8));
        out.note(out.dim(
                "Chatting with " + deploymentId + ". Ctrl-C stops an answer; Ctrl-D or /exit ends; /reset forgets."));
        try (ChatInterrupts interrupts = ChatInterrupts.install(this::interrupt)) {
            while (true) {
                out.out().print(out.bold("> "));
                out.out().flush();
                String line = in.readLine();
                if (line == null || line.strip().equals("/exit") || line.strip().equals("/quit")) {
                    out.out().println();
                    out.out().flush();
                    return ExitCodes.OK;
                }
                if (line.strip().equals("/reset")) {
                    history.removeIf(m -> !m.role().asString().equals("system"));
                    out.note(out.dim("(history cleared)"));
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                history.add(ChatMessage.user(line));
                try {
                    ChatCompletion answer = answer(endpoint, history);
                    String content = answer.choices().isEmpty()
                            ? ""
                            : answer.choices().get(0).message().content().orElse("");
                    history.add(ChatMessage.assistant(content));
                } catch (RuntimeException e) {
                    if (!stopped) {
                        // One failed turn does not end the conversation.
                        out.err().println(out.red("error:") + " " + dev.jls.cli.ErrorReport.message(e, baseUrl()));
                        out.err().flush();
                        history.remove(history.size() - 1);
                    }
                }
            }
        }
    }

    /** Ctrl-C: stops the answer being written; at the prompt, ends the program as usual. */
    private boolean interrupt() {
        Runnable stop = stopAnswer;
        if (stop == null) {
            return false;
        }
        stopped = true;
        try {
            stop.run();
        } catch (RuntimeException racingTheReader) {
            // Closing a stream while another thread reads it can trip over that read; the call is
            // cancelled all the same, and the reading thread reports the answer as stopped.
        }
        return true;
    }

    /**
     * Sends the conversation and prints the answer as it arrives; returns the whole answer. A refusal
     * because the deployment failed is reported as that.
     */
    private ChatCompletion answer(OpenAiEndpointAsync endpoint, List<ChatMessage> history) {
        try {
            return send(endpoint, history);
        } catch (RuntimeException e) {
            throw FailedDeployment.explain(client(), deploymentId, e);
        }
    }

    private ChatCompletion send(OpenAiEndpointAsync endpoint, List<ChatMessage> history) {
        Output out = output();
        ChatCompletionRequest.Builder builder = ChatCompletionRequest.builder().messages(List.copyOf(history));
        if (model != null) {
            builder.model(model);
        }
        ChatCompletionRequest request = sampling.apply(builder).build();
        stopped = false;
        if (noStream) {
            return answerWhole(endpoint, request, out);
        }
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        ChunkPrinter printer = new ChunkPrinter(out);
        // The asynchronous stream can be stopped at any moment, even before its first byte arrives,
        // which is what Ctrl-C in a conversation needs.
        CompletableFuture<Void> done = new CompletableFuture<>();
        AsyncStreamResponse<ChatCompletionChunk> stream = endpoint.createChatCompletionStreaming(
                request.toBuilder().streamOptions(StreamOptions.withUsage()).build());
        stopAnswer = () -> {
            done.complete(null);
            stream.close();
        };
        stream.subscribe(new StreamHandler<>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
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
            stream.close();
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

    private ChatCompletion answerWhole(OpenAiEndpointAsync endpoint, ChatCompletionRequest request, Output out) {
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
