package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed during one turn of the event loop, handed to the {@link ClusterStore} at its end as one
 * {@link StoreBatch}. Entities are noted, not copied, when they change; they are read once, as they
 * stand at the end of the turn. With a store that keeps nothing, nothing is noted.
 */
final class Journal {

    private final ClusterStore store;
    private boolean enabled;
    private final Set<Deployment> deployments = new LinkedHashSet<>();
    private final List<String> removedDeployments = new ArrayList<>();
    /** By id, so that a request expired in the same turn it changed is written once, expired. */
    private final Map<String, Request> requests = new LinkedHashMap<>();

    private final List<StoredTombstone> expired = new ArrayList<>();
    private final List<String> forgottenTombstones = new ArrayList<>();
    private long writtenNextWorkerId;

    Journal(ClusterStore store, long nextWorkerId) {
        this.store = store;
        this.enabled = store.durable();
        this.writtenNextWorkerId = nextWorkerId;
    }

    void deployment(Deployment d) {
        if (enabled) {
            deployments.add(d);
        }
    }

    void deploymentRemoved(Deployment d) {
        if (enabled) {
            deployments.remove(d);
            removedDeployments.add(d.id);
        }
    }

    /** A submitted request changed; live ones are never kept. */
    void request(Request r) {
        if (enabled && !r.live()) {
            requests.put(r.id, r);
        }
    }

    void expired(Request r) {
        if (enabled) {
            requests.remove(r.id);
            expired.add(new StoredTombstone(r.id, r.tenant, r.deploymentId, r.expiresAt));
        }
    }

    void tombstoneForgotten(String requestId) {
        if (enabled) {
            forgottenTombstones.add(requestId);
        }
    }

    /** Notes nothing more: after a shutdown, what happens to the cluster is not kept. */
    void close() {
        enabled = false;
    }

    /** Hands what changed since the last call to the store, if anything did. */
    void flush(long nextWorkerId) {
        if (!enabled
                || (deployments.isEmpty()
                        && removedDeployments.isEmpty()
                        && requests.isEmpty()
                        && expired.isEmpty()
                        && forgottenTombstones.isEmpty()
                        && nextWorkerId == writtenNextWorkerId)) {
            return;
        }
        List<StoredDeployment> ds = new ArrayList<>(deployments.size());
        for (Deployment d : deployments) {
            ds.add(StoredDeployment.of(d));
        }
        List<StoredRequest> rs = new ArrayList<>(requests.size());
        for (Request r : requests.values()) {
            rs.add(StoredRequest.of(r));
        }
        StoreBatch batch = new StoreBatch(ds, removedDeployments, rs, expired, forgottenTombstones, nextWorkerId);
        deployments.clear();
        removedDeployments.clear();
        requests.clear();
        expired.clear();
        forgottenTombstones.clear();
        writtenNextWorkerId = nextWorkerId;
        store.write(batch);
    }
}
