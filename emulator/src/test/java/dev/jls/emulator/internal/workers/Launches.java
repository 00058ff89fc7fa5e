package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.Gpu;
import dev.jls.emulator.internal.core.WorkerLaunch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Worker launches for the tests. */
final class Launches {

    private Launches() {}

    static WorkerLaunch launch(
            long workerId, String framework, Map<String, String> args, Map<String, String> env, List<Gpu> gpus) {
        String model = args.get("model");
        String served = args.getOrDefault("served-model-name", model);
        return new WorkerLaunch("dep-0123456789ab", workerId, framework, model, served, args, env, gpus);
    }

    static Map<String, String> args(String... keysAndValues) {
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return args;
    }

    static Gpu gpu(int index, String type) {
        return new Gpu(index, "GPU-" + index, "NVIDIA " + type, type, 81559, 0, false);
    }
}
