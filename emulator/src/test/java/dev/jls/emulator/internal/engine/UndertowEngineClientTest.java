package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;

class UndertowEngineClientTest extends EngineClientContract {

    @Override
    EngineClient newClient() {
        return new UndertowEngineClient();
    }
}
