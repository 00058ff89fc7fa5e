package dev.jls.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Takes a {@link JlsDeployment declared deployment} by its name: on a {@link DeclaredDeployment}
 * parameter, that deployment; on a {@code String} parameter, its id.
 *
 * <pre>{@code
 * @Test
 * void answers(@Declared("chat") DeclaredDeployment chat, @Declared("embed") String embedId) { ... }
 * }</pre>
 *
 * <p>A {@code DeclaredDeployment} parameter needs no {@code @Declared} when the class declares exactly
 * one deployment. A name the class does not declare fails the test with a {@link
 * org.junit.jupiter.api.extension.ParameterResolutionException} that lists the declared names.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Declared {

    /** The {@link JlsDeployment#name()} of the deployment. */
    String value();
}
