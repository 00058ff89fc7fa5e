package dev.jls.cli.chat;

import static dev.jls.cli.chat.ScriptedInput.CTRL_C;
import static dev.jls.cli.chat.ScriptedInput.CTRL_D;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.cli.Output;
import dev.jls.cli.OutputFormat;
import dev.jls.cli.Terminal;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conversation loop and its slash commands, against a stand-in for the deployment. */
class ConversationTest {

    /** What each turn sent: the messages (as "role: content") and the model. */
    record Sent(List<String> messages, String model) {}

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Sent> sent = new ArrayList<>();
    private RuntimeException failNext;
    private boolean stopNext;
    private boolean stopped;

    private final Conversation.Backend backend = new Conversation.Backend() {
        @Override
        public ChatCompletion answer(List<ChatMessage> messages, String model) {
            sent.add(new Sent(
                    messages.stream()
                            .map(m -> m.role().asString() + ": " + m.content().orElse(""))
                            .toList(),
                    model));
            stopped = stopNext;
            if (stopNext) {
                stopNext = false;
                return ChatCompletion.fromJson(dev.jls.cli.Documents.parse(
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"m\",\"choices\":[]}"));
            }
            if (failNext != null) {
                RuntimeException e = failNext;
                failNext = null;
                throw e;
            }
            return ChatCompletion.fromJson(dev.jls.cli.Documents.parse(
                    "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":0,\"model\":\"m\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"answer " + sent.size()
                            + "\"},\"finish_reason\":\"stop\"}]}"));
        }

        @Override
        public void stop() {}

        @Override
        public boolean stopped() {
            return stopped;
        }

        @Override
        public List<String> models() {
            return List.of("qwen", "qwen-lora");
        }
    };

    private int converse(ScriptedInput input, String system, String model) throws Exception {
        Output output = new Output(
                new PrintWriter(out, true), new PrintWriter(err, true), OutputFormat.table, new Terminal(true, false));
        return new Conversation(
                        input, output, backend, "dep-0123456789ab", system, model, e -> "failed: " + e.getMessage())
                .run();
    }

    @Test
    void helpListsTheCommandsAndSendsNothing() throws Exception {
        ScriptedInput input = new ScriptedInput("/help", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(sent).isEmpty();
        assertThat(err.toString()).contains("/help", "/clear", "/model [NAME]", "/exit", "//");
    }

    @Test
    void clearForgetsTheEarlierTurnsButKeepsTheSystemMessage() throws Exception {
        ScriptedInput input = new ScriptedInput("first", "second", "/clear", "third", CTRL_D);

        assertThat(converse(input, "be brief", null)).isZero();
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1).messages())
                .containsExactly("system: be brief", "user: first", "assistant: answer 1", "user: second");
        assertThat(sent.get(2).messages()).containsExactly("system: be brief", "user: third");
    }

    @Test
    void modelShowsAndSwitchesTheModelSent() throws Exception {
        ScriptedInput input =
                new ScriptedInput("/model", "one", "/model qwen-lora", "two", "/model nope", "three", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(sent).extracting(Sent::model).containsExactly(null, "qwen-lora", "qwen-lora");
        assertThat(err.toString())
                .contains("model: the deployment's served model", "served: qwen, qwen-lora")
                .contains("(model: qwen-lora)")
                .contains("unknown model nope; dep-0123456789ab serves qwen, qwen-lora");
    }

    @Test
    void theModelFlagIsWhereTheConversationStarts() throws Exception {
        ScriptedInput input = new ScriptedInput("/model", "one", CTRL_D);

        assertThat(converse(input, null, "qwen")).isZero();
        assertThat(sent).extracting(Sent::model).containsExactly("qwen");
        assertThat(err.toString()).contains("model: qwen");
    }

    @Test
    void anUnknownCommandIsNotSentAndPointsAtHelp() throws Exception {
        ScriptedInput input = new ScriptedInput("/bogus stuff", "//etc/hosts is a file", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(err.toString()).contains("unknown command /bogus; /help lists the commands");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).messages()).containsExactly("user: /etc/hosts is a file");
    }

    @Test
    void exitAndQuitEndTheConversation() throws Exception {
        ScriptedInput exit = new ScriptedInput("/exit", "never read");
        assertThat(converse(exit, null, null)).isZero();
        assertThat(exit.prompts).hasSize(1);

        ScriptedInput quit = new ScriptedInput("/QUIT");
        assertThat(converse(quit, null, null)).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void ctrlCAtThePromptDropsTheLineAndPromptsAgain() throws Exception {
        ScriptedInput input = new ScriptedInput(CTRL_C, CTRL_C, "hello", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(input.prompts).hasSize(4);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).messages()).containsExactly("user: hello");
    }

    @Test
    void endOfInputEndsWithExitZero() throws Exception {
        ScriptedInput input = new ScriptedInput("hello", "", "   ", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(input.prompts).hasSize(4);
        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailedTurnIsReportedAndNotKept() throws Exception {
        failNext = new JlsIoException("connection reset", null);
        ScriptedInput input = new ScriptedInput("lost", "kept", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(err.toString()).contains("error: failed: connection reset");
        assertThat(sent.get(1).messages()).containsExactly("user: kept");
    }

    @Test
    void anAnswerStoppedBeforeItsFirstWordIsNotKept() throws Exception {
        stopNext = true;
        ScriptedInput input = new ScriptedInput("never answered", "again", CTRL_D);

        assertThat(converse(input, null, null)).isZero();
        assertThat(sent.get(1).messages()).containsExactly("user: again");
        assertThat(err.toString()).doesNotContain("error");
    }
}
