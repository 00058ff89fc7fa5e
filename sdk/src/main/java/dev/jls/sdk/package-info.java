/**
 * The jls client for JarvisLabs Serverless and the jls emulator.
 *
 * <p>Start at {@link dev.jls.sdk.JlsClient}: one thread-safe client per application, closed at the end.
 * Its services are {@link dev.jls.sdk.DeploymentService} (deployments), {@link dev.jls.sdk.RequestService}
 * (queued requests: submit, fetch, await, cancel) and {@link dev.jls.sdk.OpenAiEndpoint} (OpenAI-compatible
 * chat and completions, plain and streaming); {@link dev.jls.sdk.JlsClient#async()} has each of them
 * without blocking. Every service has {@code withOptions(RequestOptions)} (per-call timeout, retries,
 * headers, query parameters) and {@code withRawResponse()} (status and headers next to the value).
 * Models are in {@code dev.jls.sdk.models}, exceptions (all unchecked) in {@code dev.jls.sdk.errors},
 * the HTTP seam in {@code dev.jls.sdk.http}.
 *
 * <p>Who closes what: the caller closes the {@link dev.jls.sdk.JlsClient}, each
 * {@link dev.jls.sdk.StreamResponse}, {@link dev.jls.sdk.AsyncStreamResponse} it wants to stop early, and
 * each {@link dev.jls.sdk.LogStream}; a {@link dev.jls.sdk.http.JlsHttpClient} handed to the builder stays
 * the caller's to close.
 */
package dev.jls.sdk;
