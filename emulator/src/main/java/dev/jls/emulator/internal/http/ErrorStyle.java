package dev.jls.emulator.internal.http;

/** The two error shapes of API.md: FastAPI's {@code {"detail": …}} and OpenAI's {@code {"error": {…}}}. */
enum ErrorStyle {
    /** {@code /management} and {@code /deployment} routes. */
    FASTAPI,
    /** {@code /openai} routes. */
    OPENAI
}
