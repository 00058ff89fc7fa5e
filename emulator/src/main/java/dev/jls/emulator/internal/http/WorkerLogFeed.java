package dev.jls.emulator.internal.http;

import dev.jls.emulator.internal.core.ClusterListener;
import dev.jls.emulator.internal.core.WorkerHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells followed log streams of workers that start after the stream began, and of the end: their
 * deployment is gone, or the emulator stops.
 */
final class WorkerLogFeed implements ClusterListener {

    /** One followed stream. */
    interface Follower {
        /** A worker of the deployment started. */
        void workerLaunched(WorkerHandle handle);

        /**
         * Nothing more will come: the deployment is gone or the emulator stops. Completes once the
         * stream's end is sent.
         */
        CompletableFuture<Void> ended();
    }

    private final Map<String, Set<Follower>> followers = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /**
     * Tells {@code follower} of each worker of {@code deploymentId} that starts, and of the end, until
     * the returned handle is closed. When the emulator already stops, it is told of the end at once.
     */
    AutoCloseable follow(String deploymentId, Follower follower) {
        followers
                .computeIfAbsent(deploymentId, k -> ConcurrentHashMap.newKeySet())
                .add(follower);
        if (stopped) {
            end(deploymentId);
        }
        return () -> followers.computeIfPresent(deploymentId, (k, set) -> {
            set.remove(follower);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void workerLaunched(String deploymentId, long workerId, WorkerHandle handle) {
        Set<Follower> set = followers.get(deploymentId);
        if (set != null) {
            for (Follower f : set) {
                f.workerLaunched(handle);
            }
        }
    }

    @Override
    public void deploymentRemoved(String deploymentId) {
        end(deploymentId);
    }

    /**
     * Ends every followed stream: the emulator stops. Completes once each stream's end is sent.
     */
    CompletableFuture<Void> endAll() {
        stopped = true;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String deploymentId : List.copyOf(followers.keySet())) {
            sent.addAll(end(deploymentId));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private List<CompletableFuture<Void>> end(String deploymentId) {
        Set<Follower> set = followers.remove(deploymentId);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        if (set != null) {
            for (Follower f : set) {
                sent.add(f.ended());
            }
        }
        return sent;
    }
}
