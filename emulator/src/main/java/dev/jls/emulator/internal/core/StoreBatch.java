package dev.jls.emulator.internal.core;

import java.util.List;

/**
 * What changed in one turn of the event loop, for a {@link ClusterStore} to keep: each deployment and
 * request as it stands at the end of the turn (so a burst of changes to one request is one write).
 *
 * @param deployments deployments created or changed
 * @param removedDeployments ids of deployments whose deletion finished
 * @param requests submitted requests accepted or changed
 * @param expired requests whose answer expired: the request goes, its tombstone stays
 * @param forgottenTombstones ids of expired requests that are now forgotten
 * @param nextWorkerId the id the next worker gets
 */
public record StoreBatch(
        List<StoredDeployment> deployments,
        List<String> removedDeployments,
        List<StoredRequest> requests,
        List<StoredTombstone> expired,
        List<String> forgottenTombstones,
        long nextWorkerId) {

    public StoreBatch {
        deployments = List.copyOf(deployments);
        removedDeployments = List.copyOf(removedDeployments);
        requests = List.copyOf(requests);
        expired = List.copyOf(expired);
        forgottenTombstones = List.copyOf(forgottenTombstones);
    }
}
