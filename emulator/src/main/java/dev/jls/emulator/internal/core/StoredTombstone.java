package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What is left of a request whose answer expired: its id answers {@code 410} for one more retention
 * period.
 *
 * @param id the request's id
 * @param tenant its owner
 * @param deploymentId its deployment
 * @param expiredAt when its answer expired
 */
public record StoredTombstone(String id, String tenant, String deploymentId, Instant expiredAt) {

    public StoredTombstone {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(expiredAt, "expiredAt");
    }
}
