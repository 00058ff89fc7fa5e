package dev.jls.cli.chat;

import dev.jls.cli.ExitCodes;
import dev.jls.cli.Output;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An interactive {@code jls chat}: reads lines, sends each with the conversation so far, and keeps the
 * answers. A line starting with {@code /} is a command for jls itself and never reaches the model;
 * {@code //} at the start sends the rest, beginning with {@code /}, as a message. Ctrl-C at the prompt
 * drops the line being typed; while an answer is written it stops that answer; Ctrl-D ends.
 */
final class Conversation {

    /** What a conversation talks to; {@link ChatSender} for a deployment. */
    interface Backend {
        /**
         * Sends {@code messages} to {@code model} (null: the deployment's served model), prints the answer as
         * it arrives and returns it (as far as it came, if stopped).
         */
        ChatCompletion answer(List<ChatMessage> messages, String model);

        /** Stops the answer being written, if any; called from another thread. */
        void stop();

        /** Whether the last answer was stopped. */
        boolean stopped();

        /** The names of the models served. */
        List<String> models();
    }

    /** The commands, with what {@code /help} says of them. */
    static final List<String[]> COMMANDS = List.of(
            new String[] {"/help", "list these commands"},
            new String[] {"/clear", "forget the conversation so far (the --system message stays)"},
            new String[] {"/model [NAME]", "show the model the chat sends, or switch to NAME"},
            new String[] {"/exit", "end the chat (also /quit, or Ctrl-D)"});

    /** The command names, for completion. */
    static final List<String> NAMES = List.of("/help", "/clear", "/model", "/exit", "/quit");

    private final ChatInput input;
    private final Output out;
    private final Backend backend;
    private final String deploymentId;
    private final Function<RuntimeException, String> errorText;
    private final List<ChatMessage> history = new ArrayList<>();
    private String model;

    /**
     * @param system the system message to start with, or null
     * @param model the model to send, or null for the deployment's served model
     * @param errorText the one line reported for a failed turn
     */
    Conversation(
            ChatInput input,
            Output out,
            Backend backend,
            String deploymentId,
            String system,
            String model,
            Function<RuntimeException, String> errorText) {
        this.input = input;
        this.out = out;
        this.backend = backend;
        this.deploymentId = deploymentId;
        this.errorText = errorText;
        this.model = model;
        if (system != null) {
            history.add(ChatMessage.system(system));
        }
    }

    int run() throws IOException {
        out.note(out.dim("Chatting with " + deploymentId
                + ". /help lists the commands; Ctrl-C stops an answer; Ctrl-D or /exit ends."));
        input.onInterrupt(backend::stop);
        while (true) {
            String line;
            try {
                line = input.readLine(out.bold("> "));
            } catch (ChatInput.LineCancelled cancelled) {
                continue;
            }
            if (line == null) {
                return ExitCodes.OK;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            if (text.startsWith("//")) {
                turn(text.substring(1));
            } else if (text.startsWith("/")) {
                if (!command(text)) {
                    return ExitCodes.OK;
                }
            } else {
                turn(line);
            }
        }
    }

    /** Runs a slash command; false when it ends the conversation. */
    private boolean command(String text) {
        String[] words = text.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> help();
            case "/clear", "/reset" -> {
                history.removeIf(m -> !m.role().asString().equals("system"));
                out.note(out.dim("(conversation cleared)"));
            }
            case "/model" -> model(argument);
            default ->
                out.note("unknown command " + words[0] + "; /help lists the commands"
                        + " (start the line with // to send it with one /)");
        }
        return true;
    }

    private void help() {
        int width = COMMANDS.stream().mapToInt(c -> c[0].length()).max().orElse(0);
        StringBuilder text = new StringBuilder("Commands (not sent to the model):");
        for (String[] c : COMMANDS) {
            text.append("\n  ")
                    .append(c[0])
                    .append(" ".repeat(width - c[0].length() + 2))
                    .append(c[1]);
        }
        text.append("\nA line starting with // is sent with one / (//etc/hosts sends /etc/hosts).")
                .append("\nUp and Down go through earlier lines; Ctrl-C stops an answer or drops the line typed.");
        out.note(text.toString());
    }

    private void model(String name) {
        if (name.isEmpty()) {
            out.note("model: " + (model == null ? "the deployment's served model" : model));
            try {
                out.note("served: " + String.join(", ", backend.models()));
            } catch (RuntimeException e) {
                out.note("could not list the served models: " + errorText.apply(e));
            }
            return;
        }
        List<String> served;
        try {
            served = backend.models();
        } catch (RuntimeException e) {
            // Without the list, the next answer tells whether the name is right.
            served = List.of(name);
        }
        if (!served.contains(name)) {
            out.note("unknown model " + name + "; " + deploymentId + " serves " + String.join(", ", served));
            return;
        }
        model = name;
        out.note(out.dim("(model: " + name + ")"));
    }

    private void turn(String text) {
        history.add(ChatMessage.user(text));
        try {
            ChatCompletion answer = backend.answer(history, model);
            String content = answer.choices().isEmpty()
                    ? ""
                    : answer.choices().get(0).message().content().orElse("");
            if (content.isEmpty() && backend.stopped()) {
                // Stopped before any text: as if the line had not been sent.
                history.remove(history.size() - 1);
            } else {
                history.add(ChatMessage.assistant(content));
            }
        } catch (RuntimeException e) {
            // One failed or stopped turn does not end the conversation; it is not kept.
            history.remove(history.size() - 1);
            if (!backend.stopped()) {
                out.err().println(out.red("error:") + " " + errorText.apply(e));
                out.err().flush();
            }
        }
    }
}
