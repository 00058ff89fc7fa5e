package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;

class JdkEngineClientTest extends EngineClientContract {

    @Override
    EngineClient newClient() {
        return new JdkEngineClient();
    }
}
