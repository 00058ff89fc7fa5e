package dev.jls.emulator.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.core.WorkerHandle;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectorHandleTest {

    /**
     * The handle the fault injector wraps around a worker passes on everything it does not change:
     * a method the port gains with a default body would otherwise answer the default for every worker.
     */
    @Test
    void theWrappedHandleOverridesEveryMethodOfThePort() throws Exception {
        Class<?> faulted = Class.forName(FaultInjector.class.getName() + "$Faulted");
        List<String> missing = new ArrayList<>();
        for (Method m : WorkerHandle.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                faulted.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(m.getName());
            }
        }
        assertThat(missing).isEmpty();
    }
}
