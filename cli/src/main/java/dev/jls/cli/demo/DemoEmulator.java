package dev.jls.cli.demo;

import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.JlsEmulator;
import java.util.Map;

/** The demo's emulator: in this process, simulated workers on a simulated GPU inventory. */
final class DemoEmulator {

    private DemoEmulator() {}

    /**
     * Starts one on a free loopback port. The simulated inventory keeps the demo the same on a machine
     * with GPUs: a deployment asking for H100s never waits for a type the machine lacks.
     */
    static JlsEmulator start(String apiKey) {
        return JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .addApiKey(apiKey)
                        .engine(EngineChoice.SIM)
                        .gpus("H100:4"))
                .build()
                .start();
    }

    /** The simulated engine's pace for the demo's workers: slow enough to watch, fast enough to finish soon. */
    static Map<String, String> workerPace() {
        return Map.of(
                "JLS_SIM_STARTUP_MS", "800",
                "JLS_SIM_TTFT_MS", "150",
                "JLS_SIM_TOKENS_PER_SECOND", "40");
    }
}
