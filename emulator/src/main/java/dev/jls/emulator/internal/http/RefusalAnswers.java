package dev.jls.emulator.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.xnio.StreamConnection;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Gives a JSON body to the requests that Undertow's own parser refuses.
 *
 * <p>Undertow answers a request it cannot parse (a bad {@code %} escape, a character that must be
 * escaped, a malformed header, a head over its size limit, too many parameters, an unknown protocol)
 * before any handler runs, with a fixed {@code 400} and an empty body, written by a private method from
 * a private constant. The only place left to change it is the connection itself: this sits under
 * Undertow on each connection, keeps the first bytes of the request being read, and when Undertow
 * writes exactly its fixed answer, writes instead a JSON one (in the error shape of the request's
 * route) that names the problem. The connection is still closed after it, as Undertow intends.
 */
final class RefusalAnswers {

    private static final byte[] UNDERTOW_400 = ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    /** Enough of the head to read its request line and first headers; the rest is only counted. */
    private static final int KEPT = 8 * 1024;

    private final int maxHeadBytes;
    private final int maxParameters;

    /**
     * @param maxHeadBytes Undertow's own limit on request line and headers ({@code MAX_HEADER_SIZE})
     * @param maxParameters Undertow's own limit on query parameters ({@code MAX_PARAMETERS})
     */
    RefusalAnswers(int maxHeadBytes, int maxParameters) {
        this.maxHeadBytes = maxHeadBytes;
        this.maxParameters = maxParameters;
    }

    /** Puts the watch under a new connection, before Undertow takes it. */
    void install(StreamConnection connection) {
        Head head = new Head(connection.getSourceChannel().getConduit());
        connection.getSourceChannel().setConduit(head);
        connection
                .getSinkChannel()
                .setConduit(new Answers(connection.getSinkChannel().getConduit(), head));
    }

    /** The bytes read since the server last wrote: the head of the request being parsed. */
    private static final class Head extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final byte[] kept = new byte[KEPT];
        private int length;
        private long total;

        Head(StreamSourceConduit next) {
            super(next);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int start = dst.position();
            int n = next.read(dst);
            keep(dst, start, n);
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            if (len == 1) {
                return read(dsts[offs]);
            }
            int[] starts = new int[len];
            for (int i = 0; i < len; i++) {
                starts[i] = dsts[offs + i].position();
            }
            long n = next.read(dsts, offs, len);
            for (int i = 0; i < len && n > 0; i++) {
                ByteBuffer b = dsts[offs + i];
                keep(b, starts[i], b.position() - starts[i]);
            }
            return n;
        }

        private void keep(ByteBuffer dst, int start, int n) {
            if (n <= 0) {
                return;
            }
            total += n;
            int room = Math.min(n, KEPT - length);
            if (room > 0) {
                dst.duplicate().position(start).get(kept, length, room);
                length += room;
            }
        }

        void reset() {
            length = 0;
            total = 0;
        }
    }

    /** Passes every write through, except Undertow's fixed refusal. */
    private final class Answers extends AbstractStreamSinkConduit<StreamSinkConduit> {
        private final Head head;
        private ByteBuffer pending;
        private boolean terminate;

        Answers(StreamSinkConduit next, Head head) {
            super(next);
            this.head = head;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!drain()) {
                return 0;
            }
            if (isUndertowRefusal(src)) {
                pending = ByteBuffer.wrap(answer(Arrays.copyOf(head.kept, head.length), head.total));
                int n = src.remaining();
                src.position(src.limit());
                drain();
                return n;
            }
            head.reset();
            return next.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
            if (len == 1) {
                return write(srcs[offs]);
            }
            if (!drain()) {
                return 0;
            }
            head.reset();
            return next.write(srcs, offs, len);
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            return Conduits.writeFinalBasic(this, src);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
            return Conduits.writeFinalBasic(this, srcs, offs, len);
        }

        @Override
        public long transferFrom(java.nio.channels.FileChannel src, long position, long count) throws IOException {
            if (!drain()) {
                return 0;
            }
            head.reset();
            return next.transferFrom(src, position, count);
        }

        @Override
        public long transferFrom(org.xnio.channels.StreamSourceChannel source, long count, ByteBuffer throughBuffer)
                throws IOException {
            if (!drain()) {
                throughBuffer.limit(0);
                return 0;
            }
            head.reset();
            return next.transferFrom(source, count, throughBuffer);
        }

        @Override
        public boolean flush() throws IOException {
            if (!drain()) {
                return false;
            }
            if (terminate) {
                terminate = false;
                next.terminateWrites();
            }
            return next.flush();
        }

        @Override
        public void terminateWrites() throws IOException {
            if (pending != null && pending.hasRemaining()) {
                // the answer goes out first; flush() passes the end on
                terminate = true;
                return;
            }
            next.terminateWrites();
        }

        @Override
        public void awaitWritable() throws IOException {
            next.awaitWritable();
        }

        @Override
        public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
            next.awaitWritable(time, timeUnit);
        }

        /** Writes what is left of our answer; true once nothing is. */
        private boolean drain() throws IOException {
            if (pending == null) {
                return true;
            }
            while (pending.hasRemaining()) {
                if (next.write(pending) == 0) {
                    return false;
                }
            }
            pending = null;
            return true;
        }
    }

    private static boolean isUndertowRefusal(ByteBuffer src) {
        if (src.remaining() != UNDERTOW_400.length) {
            return false;
        }
        for (int i = 0; i < UNDERTOW_400.length; i++) {
            if (src.get(src.position() + i) != UNDERTOW_400[i]) {
                return false;
            }
        }
        return true;
    }

    /** The whole HTTP answer to a refused request whose head began with {@code head}. */
    byte[] answer(byte[] head, long total) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf('\n');
        String line = (eol < 0 ? text : text.substring(0, eol)).replace("\r", "");
        String[] parts = line.split(" ", -1);
        String target = parts.length > 1 ? parts[1] : "";
        ErrorStyle style = target.startsWith("/openai/") ? ErrorStyle.OPENAI : ErrorStyle.FASTAPI;
        int status = 400;
        String message;
        if (total > maxHeadBytes) {
            status = 431;
            message = "the request line and headers are larger than the limit of " + maxHeadBytes + " bytes";
        } else if (eol < 0 && head.length >= KEPT) {
            message = "the request line is too long or malformed";
        } else if (parts.length != 3) {
            message = "malformed request line: expected METHOD TARGET HTTP/1.1";
        } else if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            message = "unsupported protocol '" + printable(parts[2]) + "': only HTTP/1.1 and HTTP/1.0";
        } else if (badEscape(target) != null) {
            message = "malformed %-escape '" + printable(badEscape(target)) + "' in the request target: "
                    + "% must be followed by two hex digits";
        } else if (unescaped(target) >= 0) {
            message = "the request target holds a character that must be %-escaped (code " + unescaped(target) + ")";
        } else if (target.contains("?") && target.split("[&;]", -1).length > maxParameters) {
            message = "too many query parameters; the limit is " + maxParameters;
        } else {
            message = "malformed request line or header field";
        }
        byte[] body = Responses.errorBytes(style, status, message);
        String reason = status == 431 ? "Request Header Fields Too Large" : "Bad Request";
        byte[] headers = ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headers, headers.length + body.length);
        System.arraycopy(body, 0, all, headers.length, body.length);
        return all;
    }

    /** The first {@code %} escape that is not two hex digits, as sent, or null. */
    private static String badEscape(String target) {
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            String escape = target.substring(i, Math.min(i + 3, target.length()));
            if (escape.length() < 3 || !isHex(escape.charAt(1)) || !isHex(escape.charAt(2))) {
                return escape;
            }
        }
        return null;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The first character RFC 3986 does not allow unescaped in a request target, or -1. */
    private static int unescaped(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                return c;
            }
        }
        return -1;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.length() > 40 ? b.substring(0, 40) + "…" : b.toString();
    }
}
