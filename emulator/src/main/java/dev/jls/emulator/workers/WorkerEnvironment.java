package dev.jls.emulator.workers;

import dev.jls.emulator.gpu.Gpu;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The environment every engine gives its worker on top of the emulator's own. */
final class WorkerEnvironment {

  /** The variable that pins a worker to its GPUs. */
  static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

  private WorkerEnvironment() {}

  /**
   * The deployment's {@code env}, then {@code CUDA_VISIBLE_DEVICES} set to the worker's GPU indices
   * (empty when it holds none, so that it sees no GPU rather than every GPU). The emulator's own
   * variables come last so that a deployment cannot move a worker onto GPUs it does not hold.
   */
  static Map<String, String> of(WorkerLaunch launch) {
    Map<String, String> environment = new LinkedHashMap<>(launch.env());
    environment.put(CUDA_VISIBLE_DEVICES, gpuIndices(launch.gpus()));
    return environment;
  }

  /** The GPUs' indices as a comma-separated list, e.g. {@code 2,3}. */
  static String gpuIndices(List<Gpu> gpus) {
    return gpus.stream().map(gpu -> Integer.toString(gpu.index())).collect(Collectors.joining(","));
  }
}
