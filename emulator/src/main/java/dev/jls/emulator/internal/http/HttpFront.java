package dev.jls.emulator.internal.http;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * What every request goes through before its route: the limits on headers and body. It reads the
 * whole body (up to the limit) so that the limit and the body deadline hold for every route, then
 * hands the exchange on with the body attached ({@link #body}).
 */
final class HttpFront implements HttpHandler {

    /** The request body, once read; absent when there was none. */
    private static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);

    /** Request line and headers past this get 431; Undertow's own limit is well above it. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Header fields past this get 431; Undertow's own limit is well above it. */
    static final int MAX_HEADER_FIELDS = 200;
    /**
     * Bodies over the limit are read to their end (and dropped) so that the connection stays usable
     * and the client, which sends all before it reads, sees the 413; past this much they are not, and
     * the connection is closed after the 413 instead.
     */
    static final long MIN_DISCARD_LIMIT = 256L * 1024 * 1024;

    private final HttpHandler next;
    private final long maxBody;
    private final long discardLimit;
    private final long bodyTimeoutMillis;

    HttpFront(HttpHandler next, long maxBody, long bodyTimeoutMillis) {
        this.next = next;
        this.maxBody = maxBody;
        this.discardLimit = discardLimit(maxBody);
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** The most body bytes a request may send before the connection is cut rather than drained. */
    static long discardLimit(long maxBody) {
        return Math.max(MIN_DISCARD_LIMIT, maxBody + 1);
    }

    /** The body the front read for this exchange; empty when there was none. */
    static byte[] body(HttpServerExchange ex) {
        byte[] body = ex.getAttachment(BODY);
        return body == null ? new byte[0] : body;
    }

    static ErrorStyle styleOf(String path) {
        return path.startsWith("/openai/") ? ErrorStyle.OPENAI : ErrorStyle.FASTAPI;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        ErrorStyle style = styleOf(ex.getRequestPath());
        String headProblem = headProblem(ex);
        if (headProblem != null) {
            Responses.error(ex, style, 431, headProblem, "BadRequestError", null);
            return;
        }
        String lengthHeader = ex.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        boolean chunked = ex.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
        if (!chunked && (lengthHeader == null || ex.getRequestContentLength() == 0)) {
            next.handleRequest(ex);
            return;
        }
        long declared = ex.getRequestContentLength();
        if (declared > discardLimit) {
            ex.setPersistent(false);
            tooLarge(ex, style);
            return;
        }
        readBody(ex, style);
    }

    private void readBody(HttpServerExchange ex, ErrorStyle style) {
        new BodyReader(ex, style).start();
    }

    /**
     * Reads one request's body. Its callbacks and its deadline all run on the exchange's IO thread. A
     * body that has come whole by the time the first read returns (the usual case: a small body sent
     * with its headers) is handed on as read, with no copy and no deadline set.
     */
    private final class BodyReader {
        private final HttpServerExchange ex;
        private final ErrorStyle style;
        private ByteArrayOutputStream parts;
        private byte[] first;
        private long size;
        private boolean over;
        private XnioExecutor.Key deadline;

        BodyReader(HttpServerExchange ex, ErrorStyle style) {
            this.ex = ex;
            this.style = style;
        }

        void start() {
            ex.getRequestReceiver().receivePartialBytes(this::part, this::failed);
            if (!over) {
                // the rest is still on its way: from now on it has the body timeout to arrive
                deadline = ex.getIoThread().executeAfter(this::late, bodyTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }

        private void late() {
            if (!over) {
                over = true;
                answerAndClose(ex, style, 408, "the request body did not arrive within " + bodyTimeoutMillis + " ms");
            }
        }

        private void finish() {
            over = true;
            if (deadline != null) {
                deadline.remove();
            }
        }

        private void part(HttpServerExchange e, byte[] bytes, boolean last) {
            if (over) {
                return;
            }
            size += bytes.length;
            if (size <= maxBody) {
                keep(bytes);
            } else if (size > discardLimit) {
                finish();
                e.setPersistent(false);
                e.dispatch(SameThreadExecutor.INSTANCE, () -> tooLarge(e, style));
                return;
            }
            if (last) {
                finish();
                e.dispatch(SameThreadExecutor.INSTANCE, () -> {
                    if (size > maxBody) {
                        tooLarge(e, style);
                    } else {
                        e.putAttachment(BODY, body());
                        try {
                            next.handleRequest(e);
                        } catch (Exception failure) {
                            Responses.failure(e, style, failure);
                        }
                    }
                });
            }
        }

        private void keep(byte[] bytes) {
            if (bytes.length == 0) {
                // the end of a chunked body comes as an empty part: nothing to keep, nothing to copy
                return;
            }
            if (first == null && parts == null) {
                first = bytes;
                return;
            }
            if (parts == null) {
                parts = new ByteArrayOutputStream(first.length + bytes.length);
                parts.write(first, 0, first.length);
                first = null;
            }
            parts.write(bytes, 0, bytes.length);
        }

        private byte[] body() {
            if (parts != null) {
                return parts.toByteArray();
            }
            return first != null ? first : new byte[0];
        }

        private void failed(HttpServerExchange e, IOException error) {
            if (over) {
                return;
            }
            finish();
            // past Undertow's own entity limit, or a chunked body it could not parse; the client may still
            // be reading, so it gets an answer where one can still be sent
            int status = error instanceof io.undertow.server.RequestTooBigException ? 413 : 400;
            String message =
                    status == 413 ? tooLargeMessage() : "the request body could not be read: " + error.getMessage();
            answerAndClose(e, style, status, message);
        }
    }

    private String tooLargeMessage() {
        return "the request body is larger than the limit of " + maxBody + " bytes";
    }

    private void tooLarge(HttpServerExchange ex, ErrorStyle style) {
        Responses.error(ex, style, 413, tooLargeMessage(), "BadRequestError", null);
    }

    /**
     * Answers (when no answer has begun) and then closes the connection, which a request whose body
     * was not read to its end leaves in no state to carry another.
     */
    private static void answerAndClose(HttpServerExchange ex, ErrorStyle style, int status, String message) {
        ex.setPersistent(false);
        if (ex.isResponseStarted() || !ex.getConnection().isOpen()) {
            IoUtils.safeClose(ex.getConnection());
            return;
        }
        ex.getResponseHeaders().put(Headers.CONNECTION, "close");
        byte[] json = Responses.errorBytes(style, status, message);
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, json.length);
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(json), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange e, Sender sender) {
                e.endExchange();
                IoUtils.safeClose(e.getConnection());
            }

            @Override
            public void onException(HttpServerExchange e, Sender sender, IOException failure) {
                IoUtils.safeClose(e.getConnection());
            }
        });
    }

    /** Why the request line and headers are refused, or null. */
    private static String headProblem(HttpServerExchange ex) {
        long size = ex.getRequestMethod().length()
                + ex.getRequestURI().length()
                + ex.getQueryString().length()
                + ex.getProtocol().length()
                + 4;
        int fields = 0;
        for (HeaderValues values : ex.getRequestHeaders()) {
            for (String value : values) {
                fields++;
                size += values.getHeaderName().length() + value.length() + 4;
            }
        }
        if (fields > MAX_HEADER_FIELDS) {
            return "too many header fields: " + fields + "; the limit is " + MAX_HEADER_FIELDS;
        }
        if (size > MAX_HEAD_BYTES) {
            return "the request line and headers are larger than the limit of " + MAX_HEAD_BYTES + " bytes";
        }
        return null;
    }
}
