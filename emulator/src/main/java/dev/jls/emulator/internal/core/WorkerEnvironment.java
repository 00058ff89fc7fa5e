package dev.jls.emulator.internal.core;

import java.util.Set;

/**
 * The variables the emulator sets in every worker's environment itself, over whatever a deployment
 * gives: they pin a worker to the GPUs and ports it holds. A deployment may not name them ({@link
 * EnvRules}); a launcher sets them last.
 */
public final class WorkerEnvironment {

    /** The variable that pins a worker to its GPUs. */
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";

    /** The variable that tells a worker the emulator's process id, so that it can watch for it. */
    public static final String PARENT_PID_VARIABLE = "JLS_PARENT_PID";

    /** The variable vLLM reads its first internal port from. */
    public static final String VLLM_PORT = "VLLM_PORT";

    /** The variables the emulator sets for each worker, over anything a deployment gives. */
    public static final Set<String> EMULATOR_VARIABLES = Set.of(CUDA_VISIBLE_DEVICES, PARENT_PID_VARIABLE, VLLM_PORT);

    private WorkerEnvironment() {}
}
