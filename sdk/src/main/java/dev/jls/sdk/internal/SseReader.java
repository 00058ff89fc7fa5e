package dev.jls.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Moves bytes from a response body into an {@link SseParser}, one read at a time, so that a pull-based
 * stream reads only as far as its consumer asks.
 */
public final class SseReader {

    // Small on purpose: an open stream holds this buffer for its whole life.
    private static final int BUFFER_SIZE = 4096;

    private final InputStream source;
    private final SseParser parser;
    private byte[] buffer;

    public SseReader(InputStream source, SseParser parser) {
        this.source = Objects.requireNonNull(source, "source");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * Reads what is available (blocking until at least one byte or the end) and feeds it to the parser,
     * which calls its handler for each complete event or comment.
     *
     * @return false at the end of the stream
     */
    public boolean pump() throws IOException {
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        int read = source.read(buffer, 0, buffer.length);
        if (read < 0) {
            parser.end();
            return false;
        }
        parser.feed(buffer, 0, read);
        return true;
    }
}
