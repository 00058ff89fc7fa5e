/**
 * The SDK's HTTP seam: the small interface the client sends every call through, and its two
 * implementations.
 *
 * <p>{@link dev.jls.sdk.http.JlsHttpClient} takes a {@link dev.jls.sdk.http.JlsHttpRequest} and answers a
 * {@link dev.jls.sdk.http.JlsHttpResponse} (status, headers, body as a stream), blocking or as a future.
 * Retries, timeouts per call, the API key, error mapping and streaming are the SDK's, on top of it; an
 * implementation only moves bytes, and says by {@link dev.jls.sdk.http.RequestNotSentException} when an
 * attempt failed before the server could have seen it.
 *
 * <p>{@link dev.jls.sdk.http.OkHttpJlsHttpClient} (OkHttp 5) is the default;
 * {@link dev.jls.sdk.http.JdkJlsHttpClient} runs on the JDK's {@code java.net.http.HttpClient}.
 */
package dev.jls.sdk.http;
