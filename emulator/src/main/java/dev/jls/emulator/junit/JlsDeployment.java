package dev.jls.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a deployment that exists, with its workers running, before the class's first test: the
 * emulator of {@link JlsEmulatorTest} (or of a registered {@link JlsEmulatorExtension}) creates it
 * right after it starts, before any {@code @BeforeAll} method, and deletes it with itself after the
 * class. Repeat it for more deployments; tests take one by name with {@link Declared}:
 *
 * <pre>{@code
 * @JlsEmulatorTest
 * @JlsDeployment(name = "chat", model = "Qwen/Qwen3-0.6B", maxWorkers = 2, concurrentRequests = 4)
 * @JlsDeployment(name = "slow-chat", model = "Qwen/Qwen3-0.6B",
 *     faults = @JlsFaults(ttftMs = 500, tokensPerSecond = 20))
 * class ChatTest {
 *   @Test
 *   void answers(@Declared("chat") DeclaredDeployment chat, JlsClient client) {
 *     client.requests().submit(chat.id(), ...);
 *   }
 *
 *   @Test
 *   void answersSlowly(@Declared("slow-chat") String deploymentId) { ... }
 * }
 * }</pre>
 *
 * <p>It belongs to the emulator's first API key. The attributes are the deployment spec's fields; one
 * left at its default is not sent, so the emulator applies the service's default, except {@code
 * minWorkers} (default 1: one worker, started before the tests) and {@code maxWorkers} (default: as
 * many as {@code minWorkers}). A bad declaration
 * (a blank or repeated name, {@code minWorkers} above {@code maxWorkers}, an {@code env} entry without
 * {@code =}, a fault out of range, a spec the emulator refuses) fails the class before its first test
 * with a message that names the deployment and the attribute.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(JlsDeployments.class)
public @interface JlsDeployment {

    /**
     * The name tests take it by ({@link Declared}), which is also the deployment's {@code name};
     * unique within the class.
     */
    String name();

    /** {@code args.model}: the model its engine loads, e.g. {@code Qwen/Qwen3-0.6B}. */
    String model();

    /**
     * {@code args.served-model-name}: the name requests give as their {@code model}; empty (default):
     * the engine's default, the model itself. {@link DeclaredDeployment#servedModel()} says which.
     */
    String servedModelName() default "";

    /** {@code gpus_to_use}: the GPU types a worker may run on, e.g. {@code "H100"}; none (default): any. */
    String[] gpus() default {};

    /** {@code min_workers}: the workers kept running, even idle; default 1. */
    int minWorkers() default 1;

    /** {@code max_workers}: how far it scales up; {@code -1} (default): {@code minWorkers}, at least 1. */
    int maxWorkers() default -1;

    /** {@code concurrent_requests}: requests per worker at a time; {@code 0} (default): the service's (1). */
    int concurrentRequests() default 0;

    /**
     * {@code idle_timeout}, in seconds: how long a worker above {@code minWorkers} stays idle before it
     * stops; {@code -1} (default): the service's default.
     */
    int idleTimeout() default -1;

    /**
     * {@code wait_time}, in seconds: how long a request may wait for a worker ({@code 0}: no limit);
     * {@code -1} (default): the service's default.
     */
    int waitTime() default -1;

    /**
     * {@code env}: the workers' environment, as {@code NAME=VALUE} entries, e.g. {@code
     * "JLS_SIM_TOKENS_PER_SECOND=50"} to pace the simulated engine.
     */
    String[] env() default {};

    /** {@code args}: more engine arguments, as {@code NAME=VALUE} entries, e.g. {@code "max-model-len=4096"}. */
    String[] args() default {};

    /**
     * Faults in force from the start: its workers, the first ones included, start with them (see
     * {@link JlsFaults}). Default: none.
     */
    JlsFaults faults() default @JlsFaults;

    /**
     * Whether the first test waits until the deployment runs with {@code minWorkers} ready workers
     * (default), up to 60 s; the class fails, saying why, when it fails to start instead. With {@code
     * false}, tests start as soon as it is created (to watch its start, or when it cannot start on its
     * own: a start that fails waits out {@code --worker-start-backoff}, which follows virtual time).
     */
    boolean awaitRunning() default true;
}
