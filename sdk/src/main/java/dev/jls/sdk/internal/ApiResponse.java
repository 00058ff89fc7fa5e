package dev.jls.sdk.internal;

import okhttp3.Headers;

/**
 * A complete answer with a {@code 2xx} status, its body read into memory.
 *
 * @param code    the HTTP status
 * @param headers the answer's headers
 * @param body    the body's bytes, empty when it had none; do not modify
 */
public record ApiResponse(int code, Headers headers, byte[] body) {}
