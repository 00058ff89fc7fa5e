package dev.jls.emulator.internal.workers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a worker's output into lines, as {@code BufferedReader.readLine} does ({@code \n}, {@code \r}
 * or {@code \r\n} ends a line; the last line may lack its end), reading the pipe directly: one read
 * for whatever the process wrote since the last one, where a reader decoding through {@code
 * InputStreamReader} also asks the pipe how much is waiting (two more system calls) after each read.
 * A line longer than its limit is cut there: the rest of it is dropped as it is read, so that a process
 * writing without line ends cannot fill the emulator's memory.
 */
public final class OutputLines {

    private final InputStream in;
    private final byte[] line;
    private int length;
    private long dropped;
    private boolean afterCarriageReturn;

    /** @param maxLineBytes the bytes of a line kept; the rest of a longer line is dropped */
    public OutputLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    /** Hands each line to {@code sink} until the stream ends. */
    public void pump(Consumer<String> sink) throws IOException {
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    if (!afterCarriageReturn) {
                        emit(sink);
                    }
                    afterCarriageReturn = false;
                } else if (b == '\r') {
                    emit(sink);
                    afterCarriageReturn = true;
                } else {
                    afterCarriageReturn = false;
                    if (length < line.length) {
                        line[length++] = b;
                    } else {
                        dropped++;
                    }
                }
            }
        }
        if (length > 0 || dropped > 0) {
            emit(sink);
        }
    }

    private void emit(Consumer<String> sink) {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (dropped > 0) {
            text += " [" + dropped + " more bytes of this line dropped]";
        }
        length = 0;
        dropped = 0;
        sink.accept(text);
    }
}
