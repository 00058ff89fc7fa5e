package dev.jls.emulator.internal.core;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Where the answer to a live request (the OpenAI-compatible routes) goes: the client's connection.
 * Implementations must not block; the core calls them from its event loop and from the engine
 * client's threads, one call at a time.
 */
public interface ResponseSink {

    /** The engine's status and content type, before the first piece of the body. */
    void begin(int status, String contentType);

    /** A piece of the body; run {@code written} once it is written, so that the next one may come. */
    void write(ByteBuffer data, Runnable written);

    /** The body is complete. */
    void end();

    /**
     * The whole body at once, and the end: an answer that was not streamed, whose length is known
     * before any of it is written.
     */
    default void whole(ByteBuffer body) {
        write(body, () -> {});
        end();
    }

    /**
     * The request failed. {@code midStream} tells whether part of a streamed answer had already been
     * written: then the failure goes out as an SSE error event followed by {@code [DONE]}; otherwise it
     * is the whole answer.
     */
    void fail(RequestFailure failure, boolean midStream);

    /**
     * The thread this sink writes on best (its connection's IO thread), or null when it has none; the
     * engine client reads the answer on it where it can ({@link EngineClient.Listener#preferredThread()}).
     */
    default Executor preferredThread() {
        return null;
    }
}
