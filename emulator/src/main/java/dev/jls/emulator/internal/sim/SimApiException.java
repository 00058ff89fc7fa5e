package dev.jls.emulator.internal.sim;

import java.util.Optional;

/**
 * An answer in vLLM's error shape: {@code {"error": {"message", "type", "param", "code"}}} with the
 * HTTP status as the code.
 */
final class SimApiException extends Exception {

    private final int status;
    private final String type;
    private final Optional<String> param;

    SimApiException(int status, String type, String message, Optional<String> param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static SimApiException badRequest(String param, String message) {
        return new SimApiException(400, "BadRequestError", message, Optional.ofNullable(param));
    }

    static SimApiException modelNotFound(String model) {
        return new SimApiException(
                404, "NotFoundError", "The model `" + model + "` does not exist.", Optional.of("model"));
    }

    static SimApiException internal(String message) {
        return new SimApiException(500, "InternalServerError", message, Optional.empty());
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    Optional<String> param() {
        return param;
    }
}
