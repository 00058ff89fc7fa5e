package dev.jls.cli.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.Signals;

/**
 * The line editor of an interactive conversation, JLine's: arrow keys, Emacs-style editing, Tab
 * completion of the slash commands, and a history that Up and Down (and Ctrl-R) go through, kept in a
 * file across sessions when one is given. Lines are taken as typed: no {@code !} history expansion, no
 * quoting or escapes.
 */
public final class LineEditor implements ChatInput {

    /** Lines kept in memory, and at most in the history file. */
    static final int HISTORY_SIZE = 1000;

    private static final String CANCEL_LINE = "jls-cancel-line";

    private final Terminal terminal;
    private final LineReader reader;
    private Object nativeInterrupt;

    /** An editor over {@code terminal}; {@code historyFile} may be null (history in memory only). */
    public LineEditor(Terminal terminal, Path historyFile, List<String> commands) {
        this.terminal = terminal;
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("jls")
                .completer((reader, line, candidates) -> {
                    if (line.wordIndex() == 0 && line.word().startsWith("/")) {
                        commands.forEach(c -> candidates.add(new Candidate(c)));
                    }
                })
                .variable(LineReader.HISTORY_SIZE, HISTORY_SIZE)
                .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_SIZE)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    /** The terminal this process runs in; a dumb one where the terminal cannot be driven. */
    public static LineEditor system(Path historyFile, List<String> commands) throws IOException {
        Terminal terminal =
                TerminalBuilder.builder().system(true).dumb(true).name("jls").build();
        LineEditor editor = new LineEditor(terminal, historyFile, commands);
        if (terminal instanceof DumbTerminal) {
            // JLine leaves Ctrl-C's signal to the JVM on a dumb terminal (TERM=dumb), which would end
            // jls; routed to the terminal, it cancels the line or stops the answer as elsewhere.
            editor.nativeInterrupt = Signals.register("INT", () -> terminal.raise(Terminal.Signal.INT));
        }
        return editor;
    }

    /** A dumb terminal over the given streams: standard input that is not the process's, and tests. */
    public static LineEditor dumb(InputStream in, OutputStream out, Path historyFile, List<String> commands)
            throws IOException {
        Terminal terminal = new DumbTerminal("jls", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
        // No terminal driver turns Ctrl-C into a signal here: the key itself cancels the line, as
        // the signal does on a terminal.
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(attributes);
        LineEditor editor = new LineEditor(terminal, historyFile, commands);
        editor.reader.getWidgets().put(CANCEL_LINE, () -> {
            throw new UserInterruptException(editor.reader.getBuffer().toString());
        });
        editor.reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(CANCEL_LINE), KeyMap.ctrl('C'));
        return editor;
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            freshLine();
            throw new LineCancelled();
        } catch (EndOfFileException e) {
            freshLine();
            return null;
        }
    }

    /** Ends the prompt's line, which JLine leaves open on a dumb terminal (it does end it on others). */
    private void freshLine() {
        if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
            terminal.writer().println();
            terminal.flush();
        }
    }

    @Override
    public void onInterrupt(Runnable action) {
        // The reader sets its own handler while it reads a line and puts this one back after.
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    @Override
    public void close() throws IOException {
        try {
            reader.getHistory().save();
        } finally {
            if (nativeInterrupt != null) {
                Signals.unregister("INT", nativeInterrupt);
            }
            terminal.close();
        }
    }
}
