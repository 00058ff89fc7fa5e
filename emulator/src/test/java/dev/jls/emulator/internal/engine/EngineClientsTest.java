package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.EngineClient;
import org.junit.jupiter.api.Test;

class EngineClientsTest {

    @Test
    void eachNameGivesItsAdapterAndAnUnknownOneIsRefused() {
        try (EngineClient http1 = EngineClients.named("http1");
                EngineClient undertow = EngineClients.named(" Undertow ")) {
            assertThat(http1).isInstanceOf(Http1EngineClient.class);
            assertThat(undertow).isInstanceOf(UndertowEngineClient.class);
        }
        assertThatThrownBy(() -> EngineClients.named("okhttp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jls.engineClient must be http1 or undertow");
    }
}
