package dev.jls.emulator.internal.core;

/** The engine routes a request can go to. */
public enum EngineRoute {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    COMPLETIONS("/v1/completions");

    private final String path;

    EngineRoute(String path) {
        this.path = path;
    }

    /** The path on the engine, e.g. {@code /v1/chat/completions}. */
    public String path() {
        return path;
    }
}
