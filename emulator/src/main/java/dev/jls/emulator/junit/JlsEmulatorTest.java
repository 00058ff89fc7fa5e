package dev.jls.emulator.junit;

import dev.jls.emulator.EngineChoice;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts one emulator for the annotated test class (shared by its tests and {@code @Nested}
 * classes) and stops it, with every worker process, after the class. Test methods, constructors and
 * {@code @BeforeAll} methods get by parameter: {@link dev.jls.emulator.JlsEmulator},
 * {@link dev.jls.sdk.JlsClient} (ready, closed with the emulator), the emulator's
 * {@link dev.jls.emulator.EmulatorEvents}, {@link dev.jls.emulator.EmulatorAwait} and
 * {@link dev.jls.emulator.EmulatorTime}, {@code String}s annotated {@link EmulatorBaseUrl} and
 * {@link EmulatorApiKey}, and the deployments the class declares with {@link JlsDeployment}, taken
 * with {@link Declared}.
 *
 * <pre>{@code
 * @JlsEmulatorTest(gpus = "H100:2", resetBetweenTests = true)
 * @JlsDeployment(name = "chat", model = "Qwen/Qwen3-0.6B")
 * class MyTest {
 *   @Test
 *   void answers(JlsClient client, @Declared("chat") DeclaredDeployment chat) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JlsEmulatorExtension.class)
public @interface JlsEmulatorTest {

    /** {@code --gpus}: a simulated inventory such as {@code H100:4,L4:2}; empty (default) discovers. */
    String gpus() default "";

    /** {@code --engine}; default the simulated engine, so tests never start vLLM by accident. */
    EngineChoice engine() default EngineChoice.SIM;

    /** {@code --api-key}s; none (default) means one random key. */
    String[] apiKeys() default {};

    /**
     * Whether the emulator runs on virtual time (default: the system clock): its clock stands still
     * until a test moves it with {@code emulator.time().advance(…)}. See {@link dev.jls.emulator.EmulatorTime}.
     */
    boolean virtualTime() default false;

    /**
     * Whether the emulator is {@link dev.jls.emulator.JlsEmulator#reset() reset} after each test
     * (default: not): requests that have not ended fail ({@code emulator_reset}), every request and
     * fault is forgotten, and deployments keep their workers (the same processes); then the declared
     * deployments get their declared faults back, and the next test waits for them to run with their
     * {@code minWorkers} ready workers again. Off
     * by default because a reset ends whatever a class shares between its tests on purpose (a request
     * submitted in {@code @BeforeAll}, a fault set for all of them); turn it on when each test should
     * start from no request and no fault.
     */
    boolean resetBetweenTests() default false;

    /**
     * Any further command-line options of the emulator, e.g. {@code "--queue-limit=100"}. The admin
     * routes ({@code --admin-routes}, faults on demand over HTTP) are on here unless these say {@code
     * "--admin-routes=false"}.
     */
    String[] options() default {};
}
