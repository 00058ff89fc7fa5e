package dev.jls.emulator.http;

import dev.jls.emulator.core.ClusterListener;
import dev.jls.emulator.workers.WorkerHandle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Tells followed log streams of workers that start after the stream began. */
final class WorkerLogFeed implements ClusterListener {

  private final Map<String, Set<Consumer<WorkerHandle>>> followers = new ConcurrentHashMap<>();

  /** Calls {@code onLaunch} with each worker of {@code deploymentId} that starts until closed. */
  AutoCloseable follow(String deploymentId, Consumer<WorkerHandle> onLaunch) {
    followers.computeIfAbsent(deploymentId, k -> ConcurrentHashMap.newKeySet()).add(onLaunch);
    return () -> followers.computeIfPresent(deploymentId, (k, set) -> {
      set.remove(onLaunch);
      return set.isEmpty() ? null : set;
    });
  }

  @Override
  public void workerLaunched(String deploymentId, long workerId, WorkerHandle handle) {
    Set<Consumer<WorkerHandle>> set = followers.get(deploymentId);
    if (set != null) {
      for (Consumer<WorkerHandle> c : set) {
        c.accept(handle);
      }
    }
  }
}
