package dev.jls.emulator.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the HTTP/1.1 answers of one engine connection from its bytes, in whatever pieces they arrive:
 * the head (status line and fields; interim {@code 1xx} heads are skipped), then the body as the head
 * frames it (a length, chunks, or everything until the connection closes), without the framing.
 *
 * <p>Strict where leniency could take a broken answer for a complete one: a chunk size must be hex, a
 * chunk must end with its line break, a length must be digits and agree with any repeat of it, a field
 * line must have a name; a head (or a chunked answer's trailers) over {@value #MAX_HEAD_BYTES} bytes or
 * {@value #MAX_FIELDS} fields, and a chunk line over {@value #MAX_CHUNK_LINE_BYTES} bytes, are refused.
 * Lines may end in a bare LF, as RFC 9112 lets a recipient accept. Not thread-safe: one connection's
 * thread feeds it.
 */
final class AnswerParser {

    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_FIELDS = 100;
    static final int MAX_CHUNK_LINE_BYTES = 4 * 1024;
    /** A chunk or length of more hex or decimal digits than this (leading zeros aside) is refused. */
    private static final int MAX_SIZE_DIGITS = 15;

    /** An answer the engine sent that is not HTTP/1.1 as this parser reads it. */
    static final class MalformedAnswer extends IOException {
        MalformedAnswer(String message) {
            super("the engine's answer is malformed: " + message);
        }
    }

    private enum State {
        HEAD,
        LENGTH_BODY,
        CHUNK_LINE,
        CHUNK_DATA,
        CHUNK_CR,
        CHUNK_LF,
        TRAILERS,
        UNTIL_CLOSE,
        DONE
    }

    private State state = State.HEAD;
    /** The line being read; grows to the limit of what it holds. */
    private byte[] line = new byte[256];

    private int lineLength;
    /** Bytes of the head (or of the trailers) so far, and its fields. */
    private int sectionBytes;

    private int fields;
    private boolean statusLineRead;
    private int status;
    private boolean http10;
    private String contentType;
    private long contentLength = -1;
    private boolean chunked;
    private boolean transferEncoding;
    private boolean connectionClose;

    private long remaining;
    private boolean headDone;
    private boolean surplus;

    /** Whether the head of the (final) answer has been read: {@link #status()} and the rest are known. */
    boolean headDone() {
        return headDone;
    }

    int status() {
        return status;
    }

    /** The answer's {@code Content-Type}, or null when it has none. */
    String contentType() {
        return contentType;
    }

    /** Whether the whole answer has been read. */
    boolean complete() {
        return state == State.DONE;
    }

    /**
     * Whether the connection can carry another request once this answer is complete: the answer had a
     * length or chunks, no {@code Connection: close}, no framing that only the connection's end
     * delimits, and nothing came after it.
     */
    boolean reusable() {
        return state == State.DONE
                && !surplus
                && !connectionClose
                && !http10
                && !(transferEncoding && contentLength >= 0)
                && (chunked || !transferEncoding);
    }

    /**
     * Reads {@code a[0, length)}, the bytes that came next on the connection, and moves the body's bytes
     * among them to the front of {@code a}: returns how many there are, {@code a[0, n)}. Bytes after a
     * complete answer are dropped (the connection is then not {@link #reusable()}).
     *
     * @throws MalformedAnswer when the bytes are not an answer this parser accepts
     */
    int feed(byte[] a, int length) throws MalformedAnswer {
        int in = 0;
        int out = 0;
        while (in < length) {
            switch (state) {
                case HEAD, TRAILERS, CHUNK_LINE -> {
                    int lf = indexOf(a, in, length, (byte) '\n');
                    int end = lf < 0 ? length : lf;
                    append(a, in, end);
                    in = end;
                    if (lf >= 0) {
                        in++;
                        endOfLine();
                    }
                }
                case LENGTH_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, length - in);
                    System.arraycopy(a, in, a, out, n);
                    in += n;
                    out += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.LENGTH_BODY ? State.DONE : State.CHUNK_CR;
                    }
                }
                case CHUNK_CR -> {
                    byte b = a[in++];
                    if (b == '\r') {
                        state = State.CHUNK_LF;
                    } else if (b == '\n') {
                        state = State.CHUNK_LINE;
                    } else {
                        throw new MalformedAnswer("a chunk is longer than its size says");
                    }
                }
                case CHUNK_LF -> {
                    if (a[in++] != '\n') {
                        throw new MalformedAnswer("a chunk is longer than its size says");
                    }
                    state = State.CHUNK_LINE;
                }
                case UNTIL_CLOSE -> {
                    int n = length - in;
                    System.arraycopy(a, in, a, out, n);
                    in += n;
                    out += n;
                }
                case DONE -> {
                    surplus = true;
                    in = length;
                }
            }
        }
        return out;
    }

    /**
     * The connection's end came: whether that completes the answer (a body only its end delimits). Any
     * other answer not complete by then is cut short.
     */
    boolean endOfInput() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            // the connection is gone with it
            connectionClose = true;
        }
        return state == State.DONE;
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] a, int from, int to) throws MalformedAnswer {
        int n = to - from;
        int limit = state == State.CHUNK_LINE ? MAX_CHUNK_LINE_BYTES : MAX_HEAD_BYTES - sectionBytes;
        if (lineLength + n > limit) {
            throw new MalformedAnswer(
                    state == State.CHUNK_LINE
                            ? "a chunk's size line is longer than " + MAX_CHUNK_LINE_BYTES + " bytes"
                            : (state == State.HEAD ? "the head" : "the trailers") + " exceed " + MAX_HEAD_BYTES
                                    + " bytes");
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.min(limit, Math.max(lineLength + n, line.length * 2)));
        }
        System.arraycopy(a, from, line, lineLength, n);
        lineLength += n;
    }

    /** A whole line is in {@code line} (without its LF). */
    private void endOfLine() throws MalformedAnswer {
        int n = lineLength;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        for (int i = 0; i < n; i++) {
            if (line[i] == '\r' || line[i] == 0) {
                throw new MalformedAnswer("a line holds a bare CR or a NUL");
            }
        }
        if (state != State.CHUNK_LINE) {
            sectionBytes += lineLength + 1;
        }
        lineLength = 0;
        switch (state) {
            case HEAD -> headLine(n);
            case CHUNK_LINE -> chunkLine(n);
            case TRAILERS -> trailerLine(n);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void headLine(int n) throws MalformedAnswer {
        if (!statusLineRead) {
            statusLine(n);
            return;
        }
        if (n == 0) {
            endOfHead();
            return;
        }
        int colon = fieldName(n);
        int from = colon + 1;
        int to = n;
        while (from < to && isWhitespace(line[from])) {
            from++;
        }
        while (to > from && isWhitespace(line[to - 1])) {
            to--;
        }
        String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1);
        if (name.equalsIgnoreCase("content-length")) {
            contentLength(new String(line, from, to - from, StandardCharsets.ISO_8859_1));
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
            transferEncoding = true;
            // the last coding listed so far decides: chunked only when it comes last
            String codings = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
            int comma = codings.lastIndexOf(',');
            String last = codings.substring(comma + 1).strip();
            if (!last.isEmpty() || comma < 0) {
                chunked = last.equalsIgnoreCase("chunked");
            }
        } else if (name.equalsIgnoreCase("connection")) {
            for (String option : new String(line, from, to - from, StandardCharsets.ISO_8859_1).split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    connectionClose = true;
                }
            }
        } else if (name.equalsIgnoreCase("content-type") && contentType == null) {
            contentType = new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** Checks a field line's name and returns where its colon is. */
    private int fieldName(int n) throws MalformedAnswer {
        if (++fields > MAX_FIELDS) {
            throw new MalformedAnswer("more than " + MAX_FIELDS + " header fields");
        }
        if (isWhitespace(line[0])) {
            throw new MalformedAnswer("a folded header line (obsolete line folding is not accepted)");
        }
        int colon = indexOf(line, 0, n, (byte) ':');
        if (colon <= 0) {
            throw new MalformedAnswer("a header line without a field name: \"" + shown(n) + "\"");
        }
        for (int i = 0; i < colon; i++) {
            if (!isTokenChar(line[i])) {
                throw new MalformedAnswer("a header field name with a character a token cannot have: \""
                        + new String(line, 0, colon, StandardCharsets.ISO_8859_1) + "\"");
            }
        }
        return colon;
    }

    private void statusLine(int n) throws MalformedAnswer {
        // HTTP-version SP status-code [SP reason-phrase]
        if (n < 12
                || line[0] != 'H'
                || line[1] != 'T'
                || line[2] != 'T'
                || line[3] != 'P'
                || line[4] != '/'
                || line[5] != '1'
                || line[6] != '.'
                || !isDigit(line[7])
                || line[8] != ' '
                || !isDigit(line[9])
                || !isDigit(line[10])
                || !isDigit(line[11])
                || (n > 12 && line[12] != ' ')) {
            throw new MalformedAnswer("not an HTTP/1.x status line: \"" + shown(n) + "\"");
        }
        http10 = line[7] == '0';
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (status < 100) {
            throw new MalformedAnswer("status " + status + " is not a status");
        }
        statusLineRead = true;
    }

    private void contentLength(String value) throws MalformedAnswer {
        // a list of the same length repeated is one length (RFC 9110 8.6)
        for (String part : value.split(",", -1)) {
            String digits = part.strip();
            long length = parseDigits(digits, 10, "Content-Length");
            if (contentLength >= 0 && contentLength != length) {
                throw new MalformedAnswer("two different Content-Length values, " + contentLength + " and " + length);
            }
            contentLength = length;
        }
    }

    private void endOfHead() throws MalformedAnswer {
        if (status < 200) {
            if (status == 101) {
                throw new MalformedAnswer("the engine switched protocols (101), which no request asked for");
            }
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            resetHead();
            return;
        }
        headDone = true;
        sectionBytes = 0;
        fields = 0;
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (transferEncoding) {
            state = chunked ? State.CHUNK_LINE : State.UNTIL_CLOSE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.LENGTH_BODY;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private void resetHead() {
        statusLineRead = false;
        sectionBytes = 0;
        fields = 0;
        status = 0;
        http10 = false;
        contentType = null;
        contentLength = -1;
        chunked = false;
        transferEncoding = false;
        connectionClose = false;
    }

    private void chunkLine(int n) throws MalformedAnswer {
        int digits = 0;
        while (digits < n && Character.digit(line[digits], 16) >= 0) {
            digits++;
        }
        if (digits == 0) {
            throw new MalformedAnswer("a chunk size that is not hex: \"" + shown(n) + "\"");
        }
        // after the size: nothing, or extensions (";name[=value]"), with optional whitespace before them
        int i = digits;
        while (i < n && isWhitespace(line[i])) {
            i++;
        }
        if (i < n && line[i] != ';') {
            throw new MalformedAnswer("a chunk size that is not hex: \"" + shown(n) + "\"");
        }
        long size = parseDigits(new String(line, 0, digits, StandardCharsets.ISO_8859_1), 16, "chunk size");
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void trailerLine(int n) throws MalformedAnswer {
        if (n == 0) {
            state = State.DONE;
            return;
        }
        fieldName(n);
    }

    private static long parseDigits(String digits, int radix, String what) throws MalformedAnswer {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        if (digits.isEmpty() || digits.length() - start > MAX_SIZE_DIGITS) {
            throw new MalformedAnswer(what + " \"" + digits + "\" is not a size this client reads");
        }
        long value = 0;
        for (int i = start; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                throw new MalformedAnswer(what + " \"" + digits + "\" is not a number");
            }
            value = value * radix + d;
        }
        return value;
    }

    private String shown(int n) {
        String s = new String(line, 0, Math.min(n, 80), StandardCharsets.ISO_8859_1);
        return n > 80 ? s + "…" : s;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(byte b) {
        if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
            return true;
        }
        return switch (b) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }
}
