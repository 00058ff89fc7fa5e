package dev.jls.emulator.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.core.RequestFailure;
import dev.jls.emulator.internal.core.ResponseSink;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The answer to one request on the OpenAI-compatible routes, as it comes from the engine. When the
 * client goes away, the request is abandoned, which cancels it on its worker.
 */
final class LiveResponse implements ResponseSink {

    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServerExchange exchange;
    private final ControlPlane plane;
    private final ExchangeWriter writer;
    // guarded by this
    private String requestId;
    private boolean broken;
    private boolean atEventBoundary = true;

    LiveResponse(HttpServerExchange exchange, ControlPlane plane) {
        this.exchange = exchange;
        this.plane = plane;
        this.writer = new ExchangeWriter(exchange, this::clientGone);
    }

    /** The core accepted the request under {@code id}. */
    void accepted(String id) {
        boolean abandon;
        synchronized (this) {
            requestId = id;
            abandon = broken;
        }
        if (abandon) {
            plane.abandon(id);
        }
    }

    private void clientGone() {
        String id;
        synchronized (this) {
            broken = true;
            id = requestId;
        }
        if (id != null) {
            plane.abandon(id);
        }
    }

    @Override
    public void begin(int status, String contentType) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        if (contentType.startsWith("text/event-stream")) {
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            exchange.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        }
    }

    @Override
    public void write(ByteBuffer data, Runnable written) {
        int end = data.limit();
        synchronized (this) {
            if (data.remaining() >= 2) {
                atEventBoundary = data.get(end - 1) == '\n' && data.get(end - 2) == '\n';
            } else if (data.remaining() == 1) {
                atEventBoundary = false;
            }
        }
        writer.write(data, written);
    }

    @Override
    public void end() {
        writer.close();
    }

    @Override
    public void whole(ByteBuffer body) {
        if (!exchange.isResponseStarted()) {
            // a known length spares the chunked framing and its closing write
            exchange.setResponseContentLength(body.remaining());
        }
        writer.write(body, null);
        writer.close();
    }

    @Override
    public void fail(RequestFailure failure, boolean midStream) {
        int status = statusOf(failure);
        byte[] error;
        try {
            error = Responses.JSON.writeValueAsBytes(Responses.openAiError(
                    status, failure.message(), failure.type().wire(), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        if (!midStream) {
            if (!exchange.isResponseStarted()) {
                exchange.setStatusCode(status);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            }
            writer.write(ByteBuffer.wrap(error), null);
            writer.close();
            return;
        }
        boolean boundary;
        synchronized (this) {
            boundary = atEventBoundary;
        }
        if (!boundary) {
            writer.write(ByteBuffer.wrap(EVENT_END), null);
        }
        String event = "data: " + new String(error, StandardCharsets.UTF_8) + "\n\ndata: [DONE]\n\n";
        writer.write(ByteBuffer.wrap(event.getBytes(StandardCharsets.UTF_8)), null);
        writer.close();
    }

    @Override
    public Executor preferredThread() {
        return exchange.getIoThread();
    }

    /** The HTTP status a failed live request answers with. */
    static int statusOf(RequestFailure failure) {
        return switch (failure.type()) {
            case ENGINE_ERROR -> failure.code().orElse(500);
            case WORKER_CRASHED, WORKER_UNRESPONSIVE -> 502;
            case QUEUE_TIMEOUT, DEPLOYMENT_DELETED, WORKER_START_FAILED, EMULATOR_RESTARTED, EMULATOR_RESET -> 503;
            case REQUEST_TIMEOUT -> 504;
        };
    }
}
