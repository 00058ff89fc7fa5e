package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** An accepted request. Owned by the {@link Cluster}: touched on its event loop only. */
final class Request {

    final String id;
    final String tenant;
    final String deploymentId;
    final EngineRoute route;
    final byte[] body;
    final Instant acceptedAt;
    /** Where a live request's answer goes; null for a submitted one, whose answer is kept for fetches. */
    final ResponseSink sink;
    /** Whether the client asked for a streamed answer (live requests only). */
    final boolean stream;

    final String idempotencyKey;

    RequestState state = RequestState.QUEUED;
    /** Since when it waits for a worker: acceptance, or the moment its worker died. */
    Instant waitingSince;

    Instant finishedAt;
    Instant expiresAt;
    int attempts;
    Worker worker;
    Attempt attempt;
    EngineAnswer result;
    RequestFailure failure;
    List<CompletableFuture<RequestView>> waiters;

    Request(
            String id,
            String tenant,
            String deploymentId,
            EngineRoute route,
            byte[] body,
            Instant acceptedAt,
            ResponseSink sink,
            boolean stream,
            String idempotencyKey) {
        this.id = id;
        this.tenant = tenant;
        this.deploymentId = deploymentId;
        this.route = route;
        this.body = body;
        this.acceptedAt = acceptedAt;
        this.waitingSince = acceptedAt;
        this.sink = sink;
        this.stream = stream;
        this.idempotencyKey = idempotencyKey;
    }

    boolean live() {
        return sink != null;
    }

    void addWaiter(CompletableFuture<RequestView> waiter) {
        if (waiters == null) {
            waiters = new ArrayList<>(1);
        }
        waiters.add(waiter);
    }

    RequestView view() {
        return new RequestView(
                id,
                deploymentId,
                state,
                acceptedAt,
                Optional.ofNullable(finishedAt),
                Optional.ofNullable(result),
                Optional.ofNullable(failure),
                body);
    }
}
