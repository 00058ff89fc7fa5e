package dev.jls.emulator.internal.core;

import java.util.List;
import java.util.Map;

/**
 * Everything an engine needs to start one worker of a deployment. The port is not here: the launcher
 * chooses and checks it.
 *
 * @param deploymentId the deployment the worker serves
 * @param workerId the worker's id, unique within the emulator
 * @param framework the deployment's framework ({@code vllm}, {@code sglang}, {@code ollama})
 * @param model {@code args.model}
 * @param servedModelName {@code args.served-model-name}, else the model
 * @param args the deployment's {@code args}, {@code model} and {@code served-model-name} included
 * @param env the deployment's {@code env}, unmasked
 * @param gpus the GPUs allocated to this worker, possibly none
 */
public record WorkerLaunch(
        String deploymentId,
        long workerId,
        String framework,
        String model,
        String servedModelName,
        Map<String, String> args,
        Map<String, String> env,
        List<Gpu> gpus) {

    public WorkerLaunch {
        args = Map.copyOf(args);
        env = Map.copyOf(env);
        gpus = List.copyOf(gpus);
    }
}
