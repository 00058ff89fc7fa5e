package dev.jls.emulator.internal.workers;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An emulator stand-in for the SIGKILL test: starts one worker (the stand-in executable given as the
 * argument), prints its pid once it is ready, and waits to be killed.
 */
public final class OrphanProbe {

    private OrphanProbe() {}

    public static void main(String[] args) throws Exception {
        EngineRegistry engines = EngineRegistry.builder()
                .choice(EngineChoice.SIM)
                .engineCommand(TemplateEngine.parse("probe", "'" + args[0] + "' --port {port}", Duration.ofSeconds(60)))
                .build();
        ProcessWorkerLauncher launcher = new ProcessWorkerLauncher(engines);
        WorkerHandle worker = launcher.launch(
                new WorkerLaunch("dep-probe", 1, "probe", "m", "m", Map.of("model", "m"), Map.of(), List.of()));
        worker.ready().join();
        System.out.println("worker pid " + worker.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
