package dev.jls.emulator.internal.engine;

import dev.jls.emulator.internal.core.EngineClient;

class NioOnSharedThreadsTest extends SharedThreadsContract {

    @Override
    EngineClient newClient() {
        return new NioEngineClient(io);
    }
}
