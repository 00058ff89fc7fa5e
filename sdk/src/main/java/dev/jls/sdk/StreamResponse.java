package dev.jls.sdk;

import java.util.stream.Stream;

/**
 * A streaming answer, read by pulling: iterate {@link #stream()} on one thread. Nothing is buffered
 * ahead beyond the bytes already received.
 *
 * <p>The caller closes it, best with try-with-resources. Closing before the end cancels the HTTP call
 * and frees its connection; closing the {@link #stream()} closes this response too. Once the server has
 * sent a byte, the SDK never replays the request: a failure after that reaches the caller.
 *
 * <pre>{@code
 * try (StreamResponse<ChatCompletionChunk> chunks = client.openai(id).createChatCompletionStreaming(request)) {
 *     chunks.stream().forEach(chunk -> ...);
 * }
 * }</pre>
 *
 * @param <T> the item type, e.g. {@code ChatCompletionChunk}
 */
public interface StreamResponse<T> extends AutoCloseable {

    /**
     * The items, in order, read as the stream is consumed. May be called once. An error the server
     * reports mid-stream is thrown as {@link dev.jls.sdk.errors.StreamErrorException} by the stream's
     * terminal operation; a network failure as {@link dev.jls.sdk.errors.JlsIoException}.
     *
     * @throws IllegalStateException if called twice
     */
    Stream<T> stream();

    /** Cancels the HTTP call if it is still running and frees its resources. Idempotent, thread-safe. */
    @Override
    void close();
}
