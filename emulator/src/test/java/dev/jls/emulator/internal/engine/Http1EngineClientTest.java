package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;

class Http1EngineClientTest extends EngineClientContract {

    @Override
    EngineClient newClient() {
        return new Http1EngineClient();
    }
}
