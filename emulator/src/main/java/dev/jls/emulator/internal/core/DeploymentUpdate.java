package dev.jls.emulator.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fields a {@code PATCH /management/{id}} may change; empty ones stay as they are. The hosted
 * service changes only the name and the two timeouts; the emulator also takes {@code min_workers} and
 * {@code max_workers}, so that a deployment created with {@code max_workers} 0 can be given workers.
 */
public record DeploymentUpdate(
        Optional<String> name,
        OptionalInt idleTimeoutSeconds,
        OptionalInt waitTimeSeconds,
        OptionalInt minWorkers,
        OptionalInt maxWorkers) {

    public DeploymentUpdate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(idleTimeoutSeconds, "idleTimeoutSeconds");
        Objects.requireNonNull(waitTimeSeconds, "waitTimeSeconds");
        Objects.requireNonNull(minWorkers, "minWorkers");
        Objects.requireNonNull(maxWorkers, "maxWorkers");
    }

    /** A change of the name and timeouts only. */
    public DeploymentUpdate(Optional<String> name, OptionalInt idleTimeoutSeconds, OptionalInt waitTimeSeconds) {
        this(name, idleTimeoutSeconds, waitTimeSeconds, OptionalInt.empty(), OptionalInt.empty());
    }

    /** Every field out of the API's bounds. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        name.filter(String::isBlank).ifPresent(n -> errors.add(new FieldError("name", "must not be blank")));
        idleTimeoutSeconds.ifPresent(v -> DeploymentSpec.range(errors, "idle_timeout", v, 0, 86_400));
        waitTimeSeconds.ifPresent(v -> DeploymentSpec.range(errors, "wait_time", v, 0, 600));
        minWorkers.ifPresent(v -> DeploymentSpec.range(errors, "min_workers", v, 0, 100));
        maxWorkers.ifPresent(v -> DeploymentSpec.range(errors, "max_workers", v, 0, 100));
        return errors;
    }
}
