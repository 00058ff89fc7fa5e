package dev.jls.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * A streaming answer pushed to a {@link StreamHandler} from an SDK thread, without blocking the
 * caller.
 *
 * <p>The request is sent when a handler subscribes, so no item is missed; the items are read on an SDK
 * thread and pushed to the handler one at a time. The caller may {@link #close()} it at any
 * time to cancel the call; it closes itself when the stream ends.
 *
 * @param <T> the item type
 */
public interface AsyncStreamResponse<T> extends AutoCloseable {

    /**
     * Sets the handler that receives the items; may be called once.
     *
     * @return this
     * @throws IllegalStateException if a handler is already subscribed
     */
    AsyncStreamResponse<T> subscribe(StreamHandler<T> handler);

    /**
     * Completes when the stream has ended and the handler's {@code onComplete} returned: normally (also
     * after {@link #close()}), or exceptionally with the error that ended it.
     */
    CompletableFuture<Void> onCompleteFuture();

    /** Cancels the call if it is still running. Idempotent, thread-safe. */
    @Override
    void close();
}
