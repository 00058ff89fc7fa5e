package dev.jls.emulator.internal.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment as a {@link ClusterStore} keeps it: what it was asked to be and where it stood.
 *
 * @param id its id
 * @param tenant its owner
 * @param status where it stood
 * @param errorMessage why it failed, for a failed one
 * @param spec what it was asked to be
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param startTime when it started provisioning (its first worker got GPUs) or ran, whichever came first
 * @param deleteDeadline when its drain ends, for one being deleted
 * @param totalCost what its GPU time had cost, in {@link GpuPrices#CURRENCY}
 */
public record StoredDeployment(
        String id,
        String tenant,
        DeploymentStatus status,
        Optional<String> errorMessage,
        DeploymentSpec spec,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> startTime,
        Optional<Instant> deleteDeadline,
        double totalCost) {

    public StoredDeployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(deleteDeadline, "deleteDeadline");
    }

    static StoredDeployment of(Deployment d) {
        return new StoredDeployment(
                d.id,
                d.tenant,
                d.status,
                Optional.ofNullable(d.errorMessage),
                d.spec,
                d.createdAt,
                d.updatedAt,
                Optional.ofNullable(d.startTime),
                Optional.ofNullable(d.deleteDeadline),
                d.keptCost);
    }
}
