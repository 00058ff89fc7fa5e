package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimSettingsTest {

    @Test
    void nothingSetMeansFastAndFaultFree() {
        SimSettings s = SimSettings.fromEnvironment(Map.of("PATH", "/bin", SimSettings.HANG, " "));
        assertThat(s).isEqualTo(SimSettings.DEFAULTS);
        assertThat(s.hasFaults()).isFalse();
    }

    @Test
    void readsEveryVariable() {
        SimSettings s = SimSettings.fromEnvironment(Map.of(
                "JLS_SIM_STARTUP_MS", "1500",
                "JLS_SIM_TTFT_MS", "20",
                "JLS_SIM_TOKENS_PER_SECOND", "12.5",
                "JLS_SIM_FAILURE_RATE", "0.25",
                "JLS_SIM_FAILURE_SEED", "-7",
                "JLS_SIM_CRASH_AFTER_REQUESTS", "0",
                "JLS_SIM_HANG", "true",
                "JLS_SIM_ERROR_AFTER_TOKENS", "3",
                "JLS_SIM_START_FAILURE", "CUDA out of memory"));
        assertThat(s.startup()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.timeToFirstToken()).isEqualTo(Duration.ofMillis(20));
        assertThat(s.tokensPerSecond()).isEqualTo(12.5);
        assertThat(s.failureRate()).isEqualTo(0.25);
        assertThat(s.failureSeed()).isEqualTo(-7);
        assertThat(s.crashAfterRequests()).hasValue(0);
        assertThat(s.hang()).isTrue();
        assertThat(s.errorAfterTokens()).hasValue(3);
        assertThat(s.startFailure()).hasValue("CUDA out of memory");
        assertThat(s.hasFaults()).isTrue();
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_STARTUP_MS", "soon")))
                .hasMessageContaining("JLS_SIM_STARTUP_MS");
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_TTFT_MS", "-1")))
                .hasMessageContaining("JLS_SIM_TTFT_MS");
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_FAILURE_RATE", "1.5")))
                .hasMessageContaining("JLS_SIM_FAILURE_RATE");
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_TOKENS_PER_SECOND", "NaN")))
                .hasMessageContaining("JLS_SIM_TOKENS_PER_SECOND");
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_HANG", "maybe")))
                .hasMessageContaining("JLS_SIM_HANG");
        assertThatThrownBy(() -> SimSettings.fromEnvironment(Map.of("JLS_SIM_CRASH_AFTER_REQUESTS", "-1")))
                .hasMessageContaining("JLS_SIM_CRASH_AFTER_REQUESTS");
    }
}
