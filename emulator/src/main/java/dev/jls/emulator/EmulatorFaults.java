package dev.jls.emulator;

import dev.jls.emulator.internal.core.ControlPlane;
import dev.jls.emulator.internal.core.CoreException;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.workers.FaultInjector;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Faults on demand, from {@link JlsEmulator#faults()}: crash, hang, slow down or fail a deployment's
 * workers, or one of them, while a test runs.
 *
 * <pre>{@code
 * emulator.faults().deployment(id).slow(Duration.ofMillis(200), 20);
 * emulator.faults().worker(id, workerId).crashOnNextRequest();
 * emulator.faults().deployment(id).clear();
 * }</pre>
 *
 * <p>A deployment's faults apply to its running workers at once and to the workers it starts later; a
 * worker's apply to that worker alone, on top of its deployment's, until it ends. Each call returns
 * the faults now in force for its target. The simulated engine takes every fault; a real engine (vLLM,
 * an {@code --engine-command}) takes those that can be done from outside: a crash kills its processes
 * at once, a hang stops them (SIGSTOP) until cleared, a cold start holds back its readiness, a failing
 * start never launches it; the others throw {@link IllegalStateException}. The same faults can be set
 * over HTTP with {@code --admin-routes} (see docs/testing.md). Thread-safe.
 */
public final class EmulatorFaults {

    private final ControlPlane plane;
    private final FaultInjector injector;

    EmulatorFaults(ControlPlane plane, FaultInjector injector) {
        this.plane = plane;
        this.injector = injector;
    }

    /**
     * The faults of deployment {@code deploymentId}, of any tenant: for its running workers and those
     * it starts later.
     *
     * @throws NoSuchElementException when there is no such deployment
     */
    public Target deployment(String deploymentId) {
        spec(deploymentId);
        return new Target(deploymentId, OptionalLong.empty());
    }

    /**
     * The faults of running worker {@code workerId} of deployment {@code deploymentId} (the {@code
     * worker_id} of the deployment's {@code workers.list}), on top of the deployment's.
     *
     * @throws NoSuchElementException when there is no such deployment, or the worker is not running in it
     */
    public Target worker(String deploymentId, long workerId) {
        spec(deploymentId);
        Target target = new Target(deploymentId, OptionalLong.of(workerId));
        target.current();
        return target;
    }

    /** Clears every fault of every deployment and worker ({@link JlsEmulator#reset()}). */
    void clearAll() {
        injector.clearAll();
    }

    private DeploymentSpec spec(String deploymentId) {
        return plane.tenantOf(deploymentId)
                .flatMap(tenant -> plane.spec(tenant, deploymentId))
                .orElseThrow(() -> new NoSuchElementException("Deployment " + deploymentId + " not found"));
    }

    /**
     * The faults of one deployment or one worker. Each method but {@link #current()} changes what is
     * in force, applies it to the running workers before returning, and returns the new whole. They
     * throw {@link IllegalArgumentException} for a value out of range, {@link NoSuchElementException}
     * once the deployment or worker is gone, and {@link IllegalStateException} for a fault the target
     * cannot take (one that needs the simulated engine on a real one, a start fault on a worker).
     */
    public final class Target {
        private final String deploymentId;
        private final OptionalLong worker;

        private Target(String deploymentId, OptionalLong worker) {
            this.deploymentId = deploymentId;
            this.worker = worker;
        }

        /** The faults in force for this target (for a worker, its own, without its deployment's). */
        public Faults current() {
            return call(() -> injector.get(deploymentId, worker));
        }

        /**
         * Crash on the next request: the engine process exits abruptly before answering anything. For a
         * deployment, each of its workers, replacements included, crashes on its next request until
         * {@link #clear()}; a real engine's processes are killed at once instead.
         */
        public Faults crashOnNextRequest() {
            return change(f -> f.withCrash(0));
        }

        /**
         * Crash during the next request once it has produced {@code afterTokens} tokens: a stream is cut
         * after that many. Simulated engine only.
         *
         * @throws IllegalArgumentException when {@code afterTokens} is below 1
         */
        public Faults crashMidStream(int afterTokens) {
            if (afterTokens < 1) {
                throw new IllegalArgumentException("afterTokens must be at least 1, was " + afterTokens);
            }
            return change(f -> f.withCrash(afterTokens));
        }

        /** Accept requests and never answer them; health checks still answer on the simulated engine. */
        public Faults hang() {
            return change(f -> f.withHang(true));
        }

        /**
         * Answer slowly: {@code timeToFirstToken} before the first token, then {@code tokensPerSecond}
         * ({@code 0}: as fast as possible). Simulated engine only.
         */
        public Faults slow(Duration timeToFirstToken, double tokensPerSecond) {
            return change(f -> f.withSlow(new Faults.Slow(timeToFirstToken, tokensPerSecond)));
        }

        /**
         * Answer the share {@code rate} (0 to 1) of requests {@code 500} at once; {@code seed} chooses
         * which, counting requests from now, so the same seed fails the same requests again. Simulated
         * engine only.
         */
        public Faults errorRate(double rate, long seed) {
            return change(f -> f.withErrorRate(new Faults.ErrorRate(rate, seed)));
        }

        /** Fail the deployment's next {@code count} worker starts with a standard message. */
        public Faults failNextStarts(int count) {
            return failNextStarts(count, Faults.DEFAULT_START_FAILURE);
        }

        /**
         * Fail the deployment's next {@code count} worker starts: each worker reports {@code message}
         * and exits before it listens, as if its engine could not start. Deployments only.
         */
        public Faults failNextStarts(int count, String message) {
            return change(f -> f.withFailNextStarts(new Faults.FailStarts(count, message)));
        }

        /** Workers started from now on take {@code duration} before they listen. Deployments only. */
        public Faults coldStart(Duration duration) {
            return change(f -> f.withColdStart(duration));
        }

        /** Puts {@code faults} in force in place of what was. */
        public Faults set(Faults faults) {
            return change(f -> faults);
        }

        /** Clears every fault of this target: its workers answer normally again. */
        public Faults clear() {
            return set(Faults.NONE);
        }

        private Faults change(UnaryOperator<Faults> how) {
            String framework = spec(deploymentId).framework();
            return call(() -> {
                synchronized (injector) {
                    return injector.set(deploymentId, framework, worker, how.apply(injector.get(deploymentId, worker)));
                }
            });
        }

        private Faults call(Supplier<Faults> action) {
            try {
                return action.get();
            } catch (CoreException e) {
                if (e.kind() == CoreException.Kind.NOT_FOUND) {
                    throw new NoSuchElementException(e.getMessage());
                }
                throw new IllegalStateException(e.getMessage());
            }
        }
    }
}
