package dev.jls.sdk;

import java.util.Iterator;

/**
 * Items read from one open answer, one at a time, on the caller's thread: what the pull-based streams
 * are, and what an {@link HttpAsyncStreamResponse} pushes from an SDK thread.
 */
interface PullStream<T> extends Iterator<T>, AutoCloseable {

    /** Ends the stream and cancels its HTTP call; thread-safe and idempotent. */
    @Override
    void close();
}
