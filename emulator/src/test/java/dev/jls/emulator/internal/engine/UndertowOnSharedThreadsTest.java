package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;

class UndertowOnSharedThreadsTest extends SharedThreadsContract {

    @Override
    EngineClient newClient() {
        return new UndertowEngineClient(io);
    }
}
