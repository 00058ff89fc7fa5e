package dev.jls.sdk;

import java.util.Optional;

/**
 * Receives the items of an {@link AsyncStreamResponse}, one call at a time on an SDK thread.
 * Handlers should return quickly; a slow handler slows the reading of the stream.
 *
 * @param <T> the item type
 */
public interface StreamHandler<T> {

    /** One item, in stream order. An exception thrown here ends the stream with that error. */
    void onNext(T item);

    /**
     * Called once when the stream ends: with an empty argument when it ended normally or was closed by
     * the caller, or with the error that ended it.
     */
    default void onComplete(Optional<Throwable> error) {}
}
