package dev.jls.cli.chat;

import dev.jls.cli.CommandFailure;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.ErrorReport;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.FailedDeployment;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.Output;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WriterOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jls chat}: talk to a deployment through its OpenAI-compatible route. With a prompt, or with
 * standard input that is not a terminal, one answer; otherwise a {@link Conversation} typed in a
 * {@link LineEditor}.
 */
@Command(
        name = "chat",
        sortOptions = false,
        description = {
            "Chat with a deployment, streaming the answer as it is written.",
            "Without PROMPT on a terminal: a conversation that keeps its history, typed in a line editor"
                    + " (arrow keys, Up and Down or Ctrl-R for earlier lines, kept in"
                    + " $JLS_CONFIG_DIR/history/chat). Ctrl-C stops the answer being written, or drops the"
                    + " line being typed; Ctrl-D ends. Lines starting with / are commands for jls, never sent:"
                    + " /help, /clear (forget the conversation), /model [NAME] (show or switch the model),"
                    + " /exit; start a line with // to send it with one /.",
            "Without PROMPT off a terminal: the prompt is read from standard input.",
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

    /** The conversation's history file, under jls's config directory. */
    static final String HISTORY_FILE = "history/chat";

    @Override
    protected int run() throws IOException {
        // Check the sampling flags before anything is sent or any conversation starts.
        sampling.apply(ChatCompletionRequest.builder());
        Output out = output();
        ChatSender sender = new ChatSender(
                client().async().openai(deploymentId),
                out,
                !noStream,
                sampling::apply,
                e -> FailedDeployment.explain(client(), deploymentId, e));
        if (prompt == null && jls().terminal().interactive() && !out.isJson()) {
            try (ChatInput input = lineEditor(out)) {
                return new Conversation(
                                input, out, sender, deploymentId, system, model, e -> ErrorReport.message(e, baseUrl()))
                        .run();
            }
        }
        String text = prompt;
        if (text == null) {
            text = new String(jls().stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new CommandFailure(
                        ExitCodes.USAGE, "Missing PROMPT: give it as an argument or on standard input");
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
            messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(text));
        ChatCompletion answer = sender.answer(messages, model);
        if (out.isJson()) {
            out.json(answer.toJson());
        }
        return ExitCodes.OK;
    }

    /**
     * The line editor on this process's terminal, or, where standard input was replaced (tests), a dumb
     * one over it; its history is kept in {@link #HISTORY_FILE} under jls's config directory.
     */
    private ChatInput lineEditor(Output out) throws IOException {
        Path history = historyFile(jls().configDir());
        if (jls().stdin() == System.in) {
            return LineEditor.system(history, Conversation.NAMES);
        }
        return LineEditor.dumb(
                jls().stdin(), new WriterOutputStream(out.out(), StandardCharsets.UTF_8), history, Conversation.NAMES);
    }

    /**
     * The history file, its folder created readable by its owner only (what was typed to a model is
     * nobody else's business, and the editor rewrites the file when it trims it, with default
     * permissions); null (history in memory only) where it cannot be.
     */
    private static Path historyFile(ConfigDir config) {
        try {
            Path file = config.create().resolve(HISTORY_FILE);
            Path folder = Files.createDirectories(file.getParent());
            if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
            return file;
        } catch (IOException | RuntimeException unwritable) {
            return null;
        }
    }
}
