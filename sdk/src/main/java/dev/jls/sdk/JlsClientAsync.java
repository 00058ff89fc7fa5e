package dev.jls.sdk;

/**
 * A {@link JlsClient} without blocking, from {@link JlsClient#async()}: every call of every service
 * answers a {@link java.util.concurrent.CompletableFuture}, every stream an {@link AsyncStreamResponse}.
 * Same settings, retries and errors as the blocking client, whose connections and threads it shares;
 * closing that client ends this one. Thread-safe.
 *
 * <p>Threads: nothing blocks the caller. Futures complete on the client's threads (its HTTP client's,
 * its scheduler, its stream readers), and so do dependent stages added without an executor: keep those
 * short, or give them an executor of yours ({@code thenApplyAsync(fn, executor)}).
 *
 * <p>Cancellation: {@code future.cancel(...)} cancels the HTTP call in flight (the connection is
 * dropped, the server sees it go) and any pending retry or poll, and the future ends with a
 * {@link java.util.concurrent.CancellationException}. A request the server already received may still
 * take effect there: cancelling a {@code create} future does not undo a creation, and cancelling an
 * {@code await} does not cancel the queued request ({@link RequestServiceAsync#cancel} does).
 */
public final class JlsClientAsync {

    private final JlsClient client;
    private final DeploymentServiceAsync deployments;
    private final RequestServiceAsync requests;

    JlsClientAsync(JlsClient client, DeploymentServiceAsync deployments, RequestServiceAsync requests) {
        this.client = client;
        this.deployments = deployments;
        this.requests = requests;
    }

    /** Deployment management, each call a future. */
    public DeploymentServiceAsync deployments() {
        client.checkOpen();
        return deployments;
    }

    /** Submit, fetch, await and cancel queued inference requests, each call a future. */
    public RequestServiceAsync requests() {
        client.checkOpen();
        return requests;
    }

    /** {@link JlsClient#openai(String)} without blocking. */
    public OpenAiEndpointAsync openai(String deploymentId) {
        return new HttpOpenAiEndpointAsync(client.openAiCalls(deploymentId));
    }

    /** {@link JlsClient#openaiAt(String)} without blocking. */
    public OpenAiEndpointAsync openaiAt(String v1BaseUrl) {
        return new HttpOpenAiEndpointAsync(client.openAiCallsAt(v1BaseUrl));
    }

    /** The blocking client this view belongs to. */
    public JlsClient sync() {
        return client;
    }

    @Override
    public String toString() {
        return "JlsClientAsync{" + client + "}";
    }
}
