package dev.jls.emulator.internal.core;

/**
 * An engine's whole answer to a request.
 *
 * @param status its HTTP status
 * @param contentType its content type
 * @param body its body, as the engine sent it; not copied, so never changed after construction
 */
public record EngineAnswer(int status, String contentType, byte[] body) {}
