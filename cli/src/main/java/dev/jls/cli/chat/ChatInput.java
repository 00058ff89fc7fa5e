package dev.jls.cli.chat;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the lines of a conversation come from: the line editor on a terminal ({@link LineEditor}), or a
 * script in tests.
 */
public interface ChatInput extends Closeable {

    /**
     * Shows {@code prompt} and reads one line. The cursor is left at the start of a line, also after
     * Ctrl-C or Ctrl-D.
     *
     * @return the line, without its line end; null when the input has ended (Ctrl-D)
     * @throws LineCancelled when Ctrl-C cancelled the line being typed
     */
    String readLine(String prompt) throws IOException;

    /** What Ctrl-C does while no line is being read, that is while an answer is being written. */
    void onInterrupt(Runnable action);

    /** Ctrl-C at the prompt: the line typed so far is dropped. */
    final class LineCancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LineCancelled() {
            super("line cancelled", null, false, false);
        }
    }
}
