package dev.jls.emulator.internal.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.Faults;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.WorkerHandle;
import dev.jls.emulator.internal.core.WorkerLaunch;
import dev.jls.emulator.internal.core.WorkerLauncher;
import dev.jls.emulator.internal.workers.EngineRegistry;
import dev.jls.emulator.internal.workers.FaultInjector;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Faults where workers are pods: what needs a signal of the emulator's machine is refused for a real engine. */
class KubernetesFaultsTest {

    private static final WorkerLauncher NO_WORKERS = new WorkerLauncher() {
        @Override
        public WorkerHandle launch(WorkerLaunch launch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    };

    private static final EngineRegistry ENGINES = EngineRegistry.builder()
            .choice(EngineChoice.SIM)
            .engineCommandOptions(List.of("sglang=python -m sglang.launch_server --port {port}"))
            .build();

    @Test
    void aRealEnginesHangIsRefusedWhereNoSignalReachesItsPod() {
        FaultInjector pods = FaultInjector.remote(NO_WORKERS, ENGINES);
        assertThatThrownBy(() -> pods.set("dep-1", "sglang", OptionalLong.empty(), Faults.NONE.withHang(true)))
                .isInstanceOf(CoreException.class)
                .hasMessage("hang need the simulated engine; the workers of deployment dep-1 (framework sglang) run a"
                        + " real one, which only takes crash, cold_start and fail_next_starts (a pod takes no signal"
                        + " that would hang it)");
        assertThat(pods.set(
                        "dep-1",
                        "sglang",
                        OptionalLong.empty(),
                        Faults.NONE.withColdStart(java.time.Duration.ofSeconds(1))))
                .isNotNull();
        // the simulated engine hangs itself, pod or not
        assertThat(pods.set("dep-2", "vllm", OptionalLong.empty(), Faults.NONE.withHang(true))
                        .hang())
                .isTrue();
    }

    @Test
    void localProcessesStillHang() {
        FaultInjector local = FaultInjector.of(NO_WORKERS, ENGINES);
        assertThat(local.set("dep-1", "sglang", OptionalLong.empty(), Faults.NONE.withHang(true))
                        .hang())
                .isTrue();
    }
}
