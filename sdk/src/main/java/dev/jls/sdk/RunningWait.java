package dev.jls.sdk;

import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.DeploymentGoneException;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.internal.RetryPolicy;
import dev.jls.sdk.models.DeploymentStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The rules of {@code awaitRunning}, shared by the blocking and the asynchronous service: what each
 * status read, or each failed one, means for the wait. The services only read and pause as told.
 * Used by one thread at a time.
 */
final class RunningWait {

    /** What the wait does next. */
    sealed interface Next permits Done, Failed, Pause {}

    /** {@code running}: read the full record and return it. */
    record Done() implements Next {}

    /** A status that ends the wait in failure: read the deployment's error message, then fail. */
    record Failed(DeploymentStatus status) implements Next {}

    /** Read the status again after this pause. */
    record Pause(Duration duration) implements Next {}

    private final String deploymentId;
    private final WaitOptions options;
    private final Clock clock;
    private final Instant deadline;
    private DeploymentStatus last;
    private int errorsInARow;

    RunningWait(String deploymentId, WaitOptions options, Clock clock) {
        this.deploymentId = deploymentId;
        this.options = options;
        this.clock = clock;
        this.deadline = clock.instant().plus(options.timeout());
    }

    /** A status was read; the listener hears of it when it is the first or a change. */
    Next read(DeploymentStatus current) {
        errorsInARow = 0;
        if (!current.equals(last)) {
            last = current;
            options.listener().ifPresent(listener -> listener.accept(current));
        }
        if (current.isRunning()) {
            return new Done();
        }
        if (current.isTerminalError()) {
            return new Failed(current);
        }
        return pause(null);
    }

    /**
     * A status read failed: pause and read again, as long as the failures are tolerated.
     *
     * @throws JlsException the failure itself, or what it means (a deployment gone, a timeout), when it
     *     ends the wait
     */
    Pause failed(JlsException error) {
        boolean gone = last != null && error instanceof NotFoundException;
        if (!gone && !RetryPolicy.isTransient(error)) {
            throw error;
        }
        errorsInARow++;
        if (errorsInARow > options.toleratedErrors()) {
            if (gone) {
                throw new DeploymentGoneException(deploymentId, last, (NotFoundException) error);
            }
            throw error;
        }
        return pause(error);
    }

    private Pause pause(JlsException tolerated) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            AwaitTimeoutException timeout = new AwaitTimeoutException(deploymentId, options.timeout(), last);
            if (tolerated != null) {
                timeout.addSuppressed(tolerated);
            }
            throw timeout;
        }
        return new Pause(options.pollInterval().compareTo(left) < 0 ? options.pollInterval() : left);
    }
}
