package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.Optional;

/**
 * A request at one moment: what a fetch answers.
 *
 * @param result the engine's answer, once {@code Completed}
 * @param failure what went wrong, once {@code Failed}
 * @param input the body the client sent; not copied, so never changed
 */
public record RequestView(
        String id,
        String deploymentId,
        RequestState state,
        Instant acceptedAt,
        Optional<Instant> finishedAt,
        Optional<EngineAnswer> result,
        Optional<RequestFailure> failure,
        byte[] input) {}
