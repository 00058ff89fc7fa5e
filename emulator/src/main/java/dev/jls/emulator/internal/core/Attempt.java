package dev.jls.emulator.internal.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * One try of a request on one worker. Its listener methods run on the engine client's threads: a
 * streamed answer goes straight to the client from there, without a hop through the event loop, and
 * the end of the exchange goes to the loop. The lock on this object decides, between a chunk on its
 * way to the client and the loop deciding to try the request elsewhere, which came first.
 */
final class Attempt implements EngineClient.Listener {

    final Request request;
    final Worker worker;
    private final Exchanges exchanges;
    volatile EngineClient.EngineExchange exchange;

    private int status;
    private String contentType = "application/json";
    private boolean streaming;
    // a kept answer (not streamed): its bytes so far, in the first count places
    private byte[] kept;
    private int count;
    // guarded by this
    private boolean abandoned;
    private boolean begun;
    private boolean sentToClient;
    private boolean delivered;

    Attempt(Request request, Worker worker, Exchanges exchanges) {
        this.request = request;
        this.worker = worker;
        this.exchanges = exchanges;
    }

    @Override
    public void onResponse(int status, String contentType) {
        this.status = status;
        if (contentType != null) {
            this.contentType = contentType;
        }
        // an engine's error answer is JSON even on a streamed request, so it is kept whole
        streaming = request.live() && request.stream && status / 100 == 2;
        if (!streaming) {
            kept = new byte[1024];
        }
    }

    @Override
    public void onData(ByteBuffer data, Runnable more) {
        worker.pieces.incrementAndGet();
        if (!streaming) {
            keep(data);
            more.run();
            return;
        }
        synchronized (this) {
            if (abandoned) {
                return;
            }
            if (!begun) {
                begun = true;
                request.sink.begin(status, contentType);
            }
            sentToClient = true;
        }
        request.sink.write(data, more);
    }

    private void keep(ByteBuffer data) {
        int n = data.remaining();
        if (kept.length - count < n) {
            kept = Arrays.copyOf(kept, Math.max(kept.length * 2, count + n));
        }
        data.get(kept, count, n);
        count += n;
    }

    @Override
    public void onComplete() {
        if (request.live()) {
            deliver();
        }
        // on the engine connection's IO thread, holding no lock: the end is recorded here when the loop is
        // free, and a request waiting for the slot starts at once
        exchanges.loop().executeInline(() -> exchanges.attemptCompleted(this));
    }

    /**
     * Hands the rest of a live request's answer to the client from this thread, so that the event loop
     * only records the end: the engine's whole answer when it was kept (not streamed, or an error), the
     * end of the body when it was streamed.
     */
    private void deliver() {
        synchronized (this) {
            if (abandoned) {
                return;
            }
            delivered = true;
            sentToClient = true;
            if (!begun) {
                begun = true;
                request.sink.begin(status, contentType);
            }
        }
        if (streaming) {
            request.sink.end();
        } else {
            request.sink.whole(kept == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(kept, 0, count));
        }
    }

    /** Whether the whole answer went to the client (live requests). */
    synchronized boolean delivered() {
        return delivered;
    }

    @Override
    public Executor preferredThread() {
        return request.live() ? request.sink.preferredThread() : null;
    }

    @Override
    public void onFailure(Throwable cause) {
        exchanges.attemptFailedOffLoop(this, cause);
    }

    /**
     * Stops passing the answer on and aborts the exchange; returns whether part of it already reached
     * the client.
     */
    boolean abandon() {
        boolean sent;
        synchronized (this) {
            abandoned = true;
            sent = sentToClient;
        }
        EngineClient.EngineExchange e = exchange;
        if (e != null) {
            e.abort();
        }
        return sent;
    }

    /** Whether the streamed answer's headers went out (event loop, after completion). */
    synchronized boolean begun() {
        return begun;
    }

    synchronized boolean abandoned() {
        return abandoned;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    boolean streaming() {
        return streaming;
    }

    byte[] body() {
        return kept == null ? new byte[0] : Arrays.copyOf(kept, count);
    }
}
