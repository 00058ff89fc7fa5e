package dev.jls.emulator.internal.core;

import static dev.jls.emulator.internal.core.CoreHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code max_workers} 0, as the HTTP contract has it: the deployment runs, no worker ever starts, and a
 * request waits until {@code wait_time}, then ends {@code Failed} with {@code queue_timeout}.
 */
class ZeroMaxWorkersTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void noWorkerStartsAndRequestsFailQueueTimeoutAfterWaitTime() {
        String dep = h.create(spec(0, 0, 1, 60, 10));
        assertThat(h.get(dep).status()).isEqualTo(DeploymentStatus.RUNNING);

        String first = h.submit(dep);
        String second = h.submit(dep);
        h.advance(Duration.ofSeconds(9));
        assertThat(h.launcher.launched).isEmpty();
        assertThat(h.get(dep).workers()).isEmpty();
        assertThat(h.fetch(dep, first).state().isFinal()).isFalse();

        h.advance(Duration.ofSeconds(1));
        for (String req : new String[] {first, second}) {
            RequestView v = h.fetch(dep, req);
            assertThat(v.state()).isEqualTo(RequestState.FAILED);
            assertThat(v.failure().orElseThrow().type()).isEqualTo(FailureType.QUEUE_TIMEOUT);
        }
        assertThat(h.launcher.launched).isEmpty();
        assertThat(h.gpus.held()).isZero();
    }
}
