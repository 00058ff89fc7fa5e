package dev.jls.emulator.internal.workers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Splits a worker's output into lines, as {@code BufferedReader.readLine} does ({@code \n}, {@code \r}
 * or {@code \r\n} ends a line; the last line may lack its end), reading the pipe directly: one read
 * for whatever the process wrote since the last one, where a reader decoding through {@code
 * InputStreamReader} also asks the pipe how much is waiting (two more system calls) after each read.
 * A line longer than its limit is cut there: the rest of it is dropped as it is read, so that a process
 * writing without line ends cannot fill the emulator's memory.
 *
 * <p>Given a gathering pause, the reader waits that long after each read that brought something before
 * it reads again, so that a busy process's lines (an engine logs one per request) arrive a batch per
 * read rather than a wake-up of the reading thread each: under load that wake-up cost the emulator more
 * than the line itself. A quiet process costs nothing: the reader blocks in its read until the next
 * line. The pause must stay far below the time the process takes to fill the pipe (64 KiB on Linux).
 */
public final class OutputLines {

    private final InputStream in;
    private final long gatherMillis;
    private final byte[] line;
    private int length;
    private long dropped;
    private boolean afterCarriageReturn;

    /** @param maxLineBytes the bytes of a line kept; the rest of a longer line is dropped */
    public OutputLines(InputStream in, int maxLineBytes) {
        this(in, maxLineBytes, Duration.ZERO);
    }

    /**
     * @param maxLineBytes the bytes of a line kept; the rest of a longer line is dropped
     * @param gather how long to let output gather after each read that brought some, before the next
     */
    public OutputLines(InputStream in, int maxLineBytes, Duration gather) {
        if (gather.isNegative()) {
            throw new IllegalArgumentException("gather must not be negative, was " + gather);
        }
        this.in = in;
        this.gatherMillis = gather.toMillis();
        this.line = new byte[maxLineBytes];
    }

    /** Hands each line to {@code sink} until the stream ends. */
    public void pump(Consumer<String> sink) throws IOException {
        byte[] chunk = new byte[8192];
        boolean gathering = gatherMillis > 0;
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
            if (gathering && n < chunk.length) {
                try {
                    Thread.sleep(gatherMillis);
                } catch (InterruptedException e) {
                    // asked to finish: read on without pausing until the process's output ends
                    gathering = false;
                    Thread.currentThread().interrupt();
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
