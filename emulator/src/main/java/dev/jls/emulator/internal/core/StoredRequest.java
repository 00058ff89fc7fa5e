package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A submitted request as a {@link ClusterStore} keeps it. Requests of the OpenAI-compatible routes are
 * never kept: their answer goes to a connection, which does not outlive the emulator.
 *
 * @param id its id
 * @param tenant its owner
 * @param deploymentId its deployment
 * @param route the engine route it goes to
 * @param body its input, until it ends (then empty)
 * @param state where it stands
 * @param acceptedAt when it was accepted
 * @param waitingSince since when it waits for a worker
 * @param attempts how many times it was sent to a worker
 * @param finishedAt when it ended, for an ended one
 * @param expiresAt when its answer is no longer kept, for an ended one
 * @param result the engine's answer, for a completed one
 * @param failure why it failed, for a failed one
 * @param idempotencyKey the client's key, scoped to its tenant and deployment, when it had one
 */
public record StoredRequest(
        String id,
        String tenant,
        String deploymentId,
        EngineRoute route,
        Optional<byte[]> body,
        RequestState state,
        Instant acceptedAt,
        Instant waitingSince,
        int attempts,
        Optional<Instant> finishedAt,
        Optional<Instant> expiresAt,
        Optional<EngineAnswer> result,
        Optional<RequestFailure> failure,
        Optional<String> idempotencyKey) {

    public StoredRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(waitingSince, "waitingSince");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        if (state.isFinal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException("request " + id + " is " + state.wire()
                    + (state.isFinal() ? " without" : " with") + " an end time");
        }
    }

    static StoredRequest of(Request r) {
        return new StoredRequest(
                r.id,
                r.tenant,
                r.deploymentId,
                r.route,
                r.state.isFinal() ? Optional.empty() : Optional.of(r.body),
                r.state,
                r.acceptedAt,
                r.waitingSince,
                r.attempts,
                Optional.ofNullable(r.finishedAt),
                Optional.ofNullable(r.expiresAt),
                Optional.ofNullable(r.result),
                Optional.ofNullable(r.failure),
                Optional.ofNullable(r.idempotencyKey));
    }
}
