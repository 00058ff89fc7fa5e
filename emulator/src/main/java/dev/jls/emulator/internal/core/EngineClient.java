package dev.jls.emulator.internal.core;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/** Sends requests to a worker's engine ({@code http://<address>/v1/…}). Thread-safe. */
public interface EngineClient extends AutoCloseable {

    /**
     * Sends {@code body} to {@code path} on the engine at {@code address} and reports the answer to
     * {@code listener} as it comes. Returns at once.
     */
    EngineExchange send(EngineAddress address, String path, byte[] body, Listener listener);

    /**
     * Closes every kept-alive connection to the engine at {@code address}: its worker is gone, and no
     * socket to it may linger.
     */
    void forget(EngineAddress address);

    /**
     * The message a failed request reports for the engine's error answer: the engine's own words when
     * its body says them (vLLM's {@code {"message": ...}}, or OpenAI's {@code {"error": {"message":
     * ...}}}), else the status and the start of the body. How an answer is read is the engine
     * protocol's business, not the core's.
     */
    String errorMessage(int status, byte[] body);

    @Override
    void close();

    /** An exchange under way. */
    interface EngineExchange {
        /** Stops the exchange and closes its connection, so that the engine stops working on it. */
        void abort();
    }

    /**
     * What the engine answers. Called from the client's threads, one call at a time, in this order:
     * {@code onResponse}, {@code onData}…, then {@code onComplete} or {@code onFailure} ({@code onFailure}
     * may also come first, when no answer came at all).
     */
    interface Listener {
        void onResponse(int status, String contentType);

        /**
         * A piece of the body; the next one comes only after {@code more} has been run (back-pressure).
         * The buffer is only valid until then.
         */
        void onData(ByteBuffer data, Runnable more);

        void onComplete();

        void onFailure(Throwable cause);

        /**
         * The thread the answer goes on from, when there is one: the IO thread of the client's own
         * connection. An adapter that can read the answer on that thread spares a hand-over per piece;
         * null (the default) when any thread will do.
         */
        default Executor preferredThread() {
            return null;
        }
    }
}
