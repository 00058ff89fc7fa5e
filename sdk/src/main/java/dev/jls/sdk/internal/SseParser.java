package dev.jls.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of {@code text/event-stream} bytes, as the WHATWG HTML standard defines it.
 *
 * <p>Bytes may arrive split anywhere, even inside a line terminator or a multi-byte UTF-8 character:
 * the parser keeps the unfinished line and decodes text only once a line is complete. Lines end with
 * {@code \n}, {@code \r\n} or a lone {@code \r}. Comment lines ({@code :text}) go to
 * {@link Handler#onComment}; {@code data:} lines accumulate, joined with {@code \n}, until a blank line
 * dispatches the event. The {@code retry:} field and unknown fields are ignored (the SDK never
 * reconnects a stream). At end of input, an unfinished line or event is dropped, as the standard says.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread.
 */
public final class SseParser {

    /** Receives what the parser finds, in stream order, on the thread that calls {@link #feed}. */
    public interface Handler {
        void onEvent(SseEvent event);

        /** A comment line's text after the colon, with one leading space removed. */
        default void onComment(String comment) {}
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};

    private final Handler handler;

    // The unfinished line, kept only when a line spans two feeds.
    private byte[] line = new byte[0];
    private int lineLength;
    // The pending event's data: each data line's value followed by LF.
    private byte[] data = new byte[0];
    private int dataLength;
    private String eventType;
    private String lastEventId = "";
    // A CR ended the previous feed: a LF at the start of the next one belongs to it.
    private boolean skipLeadingLf;
    private boolean firstLine = true;

    public SseParser(Handler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Feeds the next {@code length} bytes of the stream from {@code bytes[offset]}. */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int position = offset;
        int end = offset + length;
        if (skipLeadingLf && position < end) {
            skipLeadingLf = false;
            if (bytes[position] == LF) {
                position++;
            }
        }
        while (position < end) {
            int terminator = position;
            while (terminator < end) {
                byte b = bytes[terminator];
                if (b == LF || b == CR) {
                    break;
                }
                terminator++;
            }
            if (terminator == end) {
                appendToLine(bytes, position, end - position);
                return;
            }
            if (lineLength == 0) {
                processLine(bytes, position, terminator - position);
            } else {
                appendToLine(bytes, position, terminator - position);
                processLine(line, 0, lineLength);
                lineLength = 0;
            }
            position = terminator + 1;
            if (bytes[terminator] == CR) {
                if (position < end) {
                    if (bytes[position] == LF) {
                        position++;
                    }
                } else {
                    skipLeadingLf = true;
                }
            }
        }
    }

    /** Feeds a whole array. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Marks the end of the stream: drops an unfinished line and an undispatched event and makes the
     * parser ready for a new stream.
     */
    public void end() {
        lineLength = 0;
        dataLength = 0;
        eventType = null;
        skipLeadingLf = false;
    }

    private void appendToLine(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + length, Math.max(256, line.length * 2)));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void processLine(byte[] bytes, int offset, int length) {
        if (firstLine) {
            firstLine = false;
            // A UTF-8 byte order mark may open the stream; it is not part of the first field.
            if (length >= 3
                    && (bytes[offset] & 0xFF) == 0xEF
                    && (bytes[offset + 1] & 0xFF) == 0xBB
                    && (bytes[offset + 2] & 0xFF) == 0xBF) {
                offset += 3;
                length -= 3;
            }
        }
        if (length == 0) {
            dispatch();
            return;
        }
        int end = offset + length;
        if (bytes[offset] == ':') {
            int start = offset + 1;
            if (start < end && bytes[start] == ' ') {
                start++;
            }
            handler.onComment(decode(bytes, start, end - start));
            return;
        }
        int colon = offset;
        while (colon < end && bytes[colon] != ':') {
            colon++;
        }
        int valueStart = colon + 1;
        if (valueStart < end && bytes[valueStart] == ' ') {
            valueStart++;
        }
        if (valueStart > end) {
            valueStart = end;
        }
        int nameLength = colon - offset;
        if (is(bytes, offset, nameLength, DATA)) {
            appendData(bytes, valueStart, end - valueStart);
        } else if (is(bytes, offset, nameLength, EVENT)) {
            eventType = decode(bytes, valueStart, end - valueStart);
        } else if (is(bytes, offset, nameLength, ID)) {
            if (!containsNul(bytes, valueStart, end)) {
                lastEventId = decode(bytes, valueStart, end - valueStart);
            }
        }
        // retry: and unknown fields are ignored.
    }

    private void appendData(byte[] bytes, int offset, int length) {
        int needed = dataLength + length + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, Math.max(256, data.length * 2)));
        }
        System.arraycopy(bytes, offset, data, dataLength, length);
        dataLength += length;
        data[dataLength++] = LF;
    }

    private void dispatch() {
        if (dataLength == 0) {
            eventType = null;
            return;
        }
        String text = decode(data, 0, dataLength - 1);
        String type = eventType == null || eventType.isEmpty() ? "message" : eventType;
        dataLength = 0;
        eventType = null;
        handler.onEvent(new SseEvent(type, text, lastEventId));
    }

    private static boolean is(byte[] bytes, int offset, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String decode(byte[] bytes, int offset, int length) {
        return length == 0 ? "" : new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
