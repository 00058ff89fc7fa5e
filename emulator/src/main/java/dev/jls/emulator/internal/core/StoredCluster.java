package dev.jls.emulator.internal.core;

import java.util.List;

/**
 * Everything a {@link ClusterStore} kept, as read at start.
 *
 * @param deployments the deployments not yet removed, oldest first
 * @param requests the submitted requests still kept, in the order they were accepted
 * @param tombstones the expired requests whose ids still answer {@code 410}, in the order they expired
 * @param nextWorkerId the id the next worker gets, so that no worker id is ever given twice
 */
public record StoredCluster(
        List<StoredDeployment> deployments,
        List<StoredRequest> requests,
        List<StoredTombstone> tombstones,
        long nextWorkerId) {

    public static final StoredCluster EMPTY = new StoredCluster(List.of(), List.of(), List.of(), 1);

    public StoredCluster {
        deployments = List.copyOf(deployments);
        requests = List.copyOf(requests);
        tombstones = List.copyOf(tombstones);
        if (nextWorkerId < 1) {
            throw new IllegalArgumentException("nextWorkerId must be at least 1, was " + nextWorkerId);
        }
    }

    public boolean isEmpty() {
        return deployments.isEmpty() && requests.isEmpty() && tombstones.isEmpty();
    }
}
