package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.internal.core.EngineClient;
import dev.jls.emulator.internal.io.IoThreads;
import org.junit.jupiter.api.Test;

class EngineClientsTest {

    @Test
    void eachNameGivesItsAdapterAndAnUnknownOneIsRefused() {
        try (EngineClient nio = EngineClients.named("nio", null);
                EngineClient undertow = EngineClients.named(" Undertow ", null);
                EngineClient jdk = EngineClients.named("JDK", null)) {
            assertThat(nio).isInstanceOf(NioEngineClient.class);
            assertThat(undertow).isInstanceOf(UndertowEngineClient.class);
            assertThat(jdk).isInstanceOf(JdkEngineClient.class);
        }
        assertThatThrownBy(() -> EngineClients.named("http1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jls.engineClient must be nio, undertow or jdk");
    }

    @Test
    void theDefaultForwardsOnTheServersOwnThreads() {
        IoThreads io = IoThreads.start("test-io", 1);
        try {
            try (EngineClient client = EngineClients.named(EngineClients.DEFAULT, io)) {
                assertThat(client).isInstanceOf(NioEngineClient.class);
            }
            // the threads are the server's: closing the client leaves them running
            assertThat(io.worker().isShutdown()).isFalse();
        } finally {
            io.close();
        }
    }
}
