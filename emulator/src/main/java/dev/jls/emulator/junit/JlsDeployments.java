package dev.jls.emulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The repeated {@link JlsDeployment}s of a test class; write those instead. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface JlsDeployments {

    /** The declarations, in the order they are created. */
    JlsDeployment[] value();
}
