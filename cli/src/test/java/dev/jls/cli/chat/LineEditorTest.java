package dev.jls.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JLine's reader over a dumb terminal made of in-memory streams, as a conversation uses it. */
class LineEditorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private LineEditor editor(String typed, Path history) throws Exception {
        return LineEditor.dumb(
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen, history, Conversation.NAMES);
    }

    @Test
    void linesAreTakenAsTyped() throws Exception {
        try (LineEditor editor = editor("Hi! What's \"this\" \\n?\n", null)) {
            assertThat(editor.readLine("> ")).isEqualTo("Hi! What's \"this\" \\n?");
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).startsWith("> ");
    }

    @Test
    void historyIsKeptInTheFileAndReadBackByTheNextSession() throws Exception {
        Path file = dir.resolve("history/chat");
        try (LineEditor first = editor("first question\nsecond question\n", file)) {
            assertThat(first.readLine("> ")).isEqualTo("first question");
            assertThat(first.readLine("> ")).isEqualTo("second question");
        }
        assertThat(Files.readString(file)).contains("first question", "second question");

        // A dumb terminal has no history keys; an ANSI one in memory has. Ctrl-P is previous-history:
        // twice goes back to the first session's first line.
        Terminal ansi = new DumbTerminal(
                "test",
                "ansi",
                new ByteArrayInputStream("\u0010\n\u0010\u0010\n".getBytes(StandardCharsets.UTF_8)),
                screen,
                StandardCharsets.UTF_8);
        ansi.setSize(new Size(80, 24));
        try (LineEditor second = new LineEditor(ansi, file, Conversation.NAMES)) {
            assertThat(second.readLine("> ")).isEqualTo("second question");
            assertThat(second.readLine("> ")).isEqualTo("first question");
        }
    }

    @Test
    void theHistoryFileIsBounded() throws Exception {
        Path file = dir.resolve("chat");
        StringBuilder typed = new StringBuilder();
        int lines = LineEditor.HISTORY_SIZE * 3 / 2;
        for (int i = 0; i < lines; i++) {
            typed.append("line ").append(i).append('\n');
        }
        try (LineEditor editor = editor(typed.toString(), file)) {
            for (int i = 0; i < lines; i++) {
                editor.readLine("> ");
            }
        }
        // JLine lets the file grow by a quarter before cutting it back to the size.
        assertThat(Files.readAllLines(file)).hasSizeLessThanOrEqualTo(LineEditor.HISTORY_SIZE * 5 / 4);
        assertThat(Files.readString(file)).contains(":line " + (lines - 1)).doesNotContain(":line 0\n");
    }

    @Test
    void ctrlCCancelsTheLineBeingTyped() throws Exception {
        try (LineEditor editor = editor("half typed\u0003whole\n", null)) {
            assertThatThrownBy(() -> editor.readLine("> ")).isInstanceOf(ChatInput.LineCancelled.class);
            assertThat(editor.readLine("> ")).isEqualTo("whole");
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("> \n> ");
    }

    @Test
    void ctrlDOrTheEndOfInputEndsWithANewLine() throws Exception {
        try (LineEditor editor = editor("\u0004", null)) {
            assertThat(editor.readLine("> ")).isNull();
        }
        try (LineEditor editor = editor("", null)) {
            assertThat(editor.readLine("> ")).isNull();
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("> \n> \n");
    }
}
