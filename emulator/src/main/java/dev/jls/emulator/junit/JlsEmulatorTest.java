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
 * {@link dev.jls.emulator.EmulatorTime}, and {@code String}s annotated {@link EmulatorBaseUrl} and
 * {@link EmulatorApiKey}.
 *
 * <pre>{@code
 * @JlsEmulatorTest(gpus = "H100:2")
 * class MyTest {
 *   @Test
 *   void answers(JlsClient client) { ... }
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
     * Any further command-line options of the emulator, e.g. {@code "--queue-limit=100"}. The admin
     * routes ({@code --admin-routes}, faults on demand over HTTP) are on here unless these say {@code
     * "--admin-routes=false"}.
     */
    String[] options() default {};
}
