package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The fields a {@code PATCH /management/{id}} may change; empty ones stay as they are. */
public record DeploymentUpdate(Optional<String> name, OptionalInt idleTimeoutSeconds, OptionalInt waitTimeSeconds) {

    public DeploymentUpdate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idleTimeoutSeconds, "idleTimeoutSeconds");
        Objects.requireNonNull(waitTimeSeconds, "waitTimeSeconds");
    }

    /** Every field out of the API's bounds. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        name.filter(String::isBlank).ifPresent(n -> errors.add(new FieldError("name", "must not be blank")));
        idleTimeoutSeconds.ifPresent(v -> DeploymentSpec.range(errors, "idle_timeout", v, 0, 86_400));
        waitTimeSeconds.ifPresent(v -> DeploymentSpec.range(errors, "wait_time", v, 0, 600));
        return errors;
    }
}
