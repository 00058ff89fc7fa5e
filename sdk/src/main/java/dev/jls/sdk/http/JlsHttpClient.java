package dev.jls.sdk.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request and hands back its answer: the seam between the SDK and an HTTP library.
 *
 * <p>The SDK gives it complete requests (method, URL, headers, body, time limits) and decides everything
 * else itself: which attempts to retry, the API key, what a status means. An implementation should not
 * retry on its own: a request sent twice is a request the SDK did not choose to repeat (the JDK's client
 * has one exception, see {@link JdkJlsHttpClient}). It must honour
 * {@link JlsHttpRequest#callTimeout()} and {@link JlsHttpRequest#readTimeout()}, and report an attempt
 * that never reached the server as {@link RequestNotSentException}. Implementations are thread-safe.
 *
 * <p>Two come with the SDK: {@link OkHttpJlsHttpClient} (the default) and {@link JdkJlsHttpClient}. Give
 * one, or your own, to {@code JlsClient.Builder.httpClient(...)}; the client you give stays yours to
 * close.
 */
public interface JlsHttpClient extends AutoCloseable {

    /**
     * Sends the request and blocks until the answer's status and headers arrived. The body is not read:
     * the caller reads {@link JlsHttpResponse#body()} and closes the response.
     *
     * @throws RequestNotSentException when the attempt failed before a connection existed
     * @throws IOException for any other failure, a timeout or an interrupt included
     */
    JlsHttpResponse execute(JlsHttpRequest request) throws IOException;

    /**
     * Sends the request without blocking; the future completes when the status and headers arrived, or
     * fails with the {@link IOException} {@link #execute} would throw. Cancelling the future before it
     * completed cancels the exchange: the connection is dropped and the server sees it go. The future may
     * complete on a thread of the implementation that is allowed to block reading the body.
     */
    CompletableFuture<JlsHttpResponse> executeAsync(JlsHttpRequest request);

    /**
     * Frees what the implementation created (threads, connections); exchanges in flight fail. Idempotent.
     */
    @Override
    void close();
}
