package dev.jls.emulator.junit;

import dev.jls.emulator.EmulatorAwait;
import dev.jls.emulator.EmulatorEvents;
import dev.jls.emulator.EmulatorOptions;
import dev.jls.emulator.EmulatorTime;
import dev.jls.emulator.JlsEmulator;
import dev.jls.emulator.internal.cli.EmulatorCommandLine;
import dev.jls.sdk.JlsClient;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import picocli.CommandLine;

/**
 * A JUnit 5 extension that runs one emulator per test class. Use it through {@link JlsEmulatorTest},
 * or register it on a static field to configure it in code and reach it from the tests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static JlsEmulatorExtension emulator =
 *     new JlsEmulatorExtension(JlsEmulator.builder()
 *         .options(new EmulatorOptions().gpus("H100:2").queueLimit(100)));
 *
 * @Test
 * void answers() {
 *   JlsClient client = emulator.client();
 *   ...
 * }
 * }</pre>
 *
 * <p>The emulator starts before the class's first test (on a free port) and is closed after its
 * last, with every worker process and the {@link JlsClient} it made; {@code @Nested} classes share
 * their outer class's emulator. Right after it starts, before any {@code @BeforeAll} method, it creates
 * the deployments the class declares with {@link JlsDeployment} and waits for them. Parameters it
 * resolves: {@link JlsEmulator}, {@link JlsClient}, the emulator's {@link EmulatorEvents}, {@link
 * EmulatorAwait} and {@link EmulatorTime}, {@code String}s (or a {@link URI}) annotated {@link
 * EmulatorBaseUrl} / {@link EmulatorApiKey}, and declared deployments: a {@link DeclaredDeployment}, or
 * a {@code String} (its id), annotated {@link Declared}.
 *
 * <p>With {@link JlsEmulatorTest#resetBetweenTests()}, or {@link #resetBetweenTests(boolean)} here, it
 * calls {@link JlsEmulator#reset()} after each test, then waits again for the declared deployments.
 */
public final class JlsEmulatorExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(JlsEmulatorExtension.class);
    private static final String KEY = "emulator";

    private final JlsEmulator.Builder configured;
    private volatile boolean resetBetweenTests;
    private volatile Running running;

    /** The extension of {@link JlsEmulatorTest}: configured by the annotation. */
    public JlsEmulatorExtension() {
        this.configured = null;
    }

    /** An extension that builds its emulator with {@code builder} (for {@code @RegisterExtension}). */
    public JlsEmulatorExtension(JlsEmulator.Builder builder) {
        this.configured = builder;
    }

    /**
     * Whether to {@link JlsEmulator#reset() reset} the emulator after each test (default: not); the
     * setting of {@link JlsEmulatorTest#resetBetweenTests()} for an extension registered in code.
     *
     * @return this extension
     */
    public JlsEmulatorExtension resetBetweenTests(boolean reset) {
        this.resetBetweenTests = reset;
        return this;
    }

    /** The running emulator. */
    public JlsEmulator emulator() {
        return started().emulator;
    }

    /** The emulator's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return started().emulator.baseUrl();
    }

    /** The emulator's first API key. */
    public String apiKey() {
        return started().emulator.apiKey();
    }

    /** A client of the emulator with its first key; closed with the emulator. */
    public JlsClient client() {
        return started().client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Running existing = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (existing != null) {
            Class<?> nested = context.getRequiredTestClass();
            if (nested.getDeclaredAnnotationsByType(JlsDeployment.class).length > 0) {
                throw new ExtensionConfigurationException("@JlsDeployment on " + nested.getName()
                        + ": it shares the emulator of " + existing.testClass.getName()
                        + ", which was started before; declare its deployments there");
            }
            running = existing;
            return;
        }
        // a bad declaration fails the class before anything starts
        List<DeclaredDeployments.Checked> declarations = DeclaredDeployments.check(context.getRequiredTestClass());
        JlsEmulator emulator = build(context).start();
        JlsClient client;
        try {
            client = JlsClient.builder()
                    .baseUrl(emulator.baseUrl())
                    .apiKey(emulator.apiKey())
                    .build();
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        Running r = new Running(context.getRequiredTestClass(), emulator, client);
        // stored first, so that the emulator is closed after the class even when a deployment fails
        context.getStore(NAMESPACE).put(KEY, r);
        running = r;
        r.declared = DeclaredDeployments.create(context.getRequiredTestClass(), declarations, emulator, client);
    }

    /**
     * With {@code resetBetweenTests}: resets the emulator, puts the declared faults back, and waits again
     * for the declared deployments.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        boolean reset = configured != null
                ? resetBetweenTests
                : findAnnotation(context)
                        .map(JlsEmulatorTest::resetBetweenTests)
                        .orElse(false);
        Running r = context.getStore(NAMESPACE).get(KEY, Running.class);
        if (!reset || r == null || r.declared == null || !r.emulator.isRunning()) {
            return;
        }
        r.emulator.reset();
        r.declared.restoreFaults(r.emulator);
        r.declared.awaitRunning(r.emulator, false);
    }

    private JlsEmulator build(ExtensionContext context) {
        if (configured != null) {
            return configured.build();
        }
        JlsEmulatorTest settings = findAnnotation(context)
                .orElseThrow(() ->
                        new IllegalStateException("JlsEmulatorExtension without @JlsEmulatorTest needs a builder: "
                                + "new JlsEmulatorExtension(JlsEmulator.builder()...)"));
        Holder holder = new Holder();
        CommandLine.ParseResult parsed = new CommandLine(holder).parseArgs(settings.options());
        if (!parsed.hasMatchedOption("--admin-routes")) {
            // a test kit: the admin routes (faults on demand) are on unless the options turn them off
            holder.options.adminRoutes(true);
        }
        EmulatorOptions options = holder.options.port(0).engine(settings.engine());
        if (!settings.gpus().isEmpty()) {
            options.gpus(settings.gpus());
        }
        if (settings.apiKeys().length > 0) {
            options.apiKeys(List.of(settings.apiKeys()));
        }
        JlsEmulator.Builder builder = JlsEmulator.builder().options(options);
        if (settings.virtualTime()) {
            builder.virtualTime();
        }
        return builder.build();
    }

    private static Optional<JlsEmulatorTest> findAnnotation(ExtensionContext context) {
        Optional<ExtensionContext> c = Optional.of(context);
        while (c.isPresent()) {
            Optional<JlsEmulatorTest> a =
                    c.get().getTestClass().flatMap(k -> AnnotationSupport.findAnnotation(k, JlsEmulatorTest.class));
            if (a.isPresent()) {
                return a;
            }
            c = c.get().getParent();
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Parameter p = pc.getParameter();
        Class<?> type = p.getType();
        if (type == JlsEmulator.class
                || type == JlsClient.class
                || type == EmulatorEvents.class
                || type == EmulatorAwait.class
                || type == EmulatorTime.class) {
            return true;
        }
        if (p.isAnnotationPresent(EmulatorBaseUrl.class)) {
            return type == String.class || type == URI.class;
        }
        if (p.isAnnotationPresent(Declared.class) || type == DeclaredDeployment.class) {
            // any type: one that is neither a String nor a DeclaredDeployment is told so
            return true;
        }
        return p.isAnnotationPresent(EmulatorApiKey.class) && type == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Running r = ec.getStore(NAMESPACE).get(KEY, Running.class);
        if (r == null) {
            r = running;
        }
        if (r == null) {
            throw new ParameterResolutionException("the emulator is not started: the extension starts "
                    + "it before all tests of a class, so register it on the class or a static field");
        }
        Parameter p = pc.getParameter();
        Class<?> type = p.getType();
        if (type == JlsEmulator.class) {
            return r.emulator;
        }
        if (type == JlsClient.class) {
            return r.client;
        }
        if (type == EmulatorEvents.class) {
            return r.emulator.events();
        }
        if (type == EmulatorAwait.class) {
            return r.emulator.await();
        }
        if (type == EmulatorTime.class) {
            return r.emulator.time();
        }
        if (p.isAnnotationPresent(EmulatorBaseUrl.class)) {
            return type == URI.class ? URI.create(r.emulator.baseUrl()) : r.emulator.baseUrl();
        }
        Optional<Declared> declared = pc.findAnnotation(Declared.class);
        if (declared.isPresent() || type == DeclaredDeployment.class) {
            return declaredDeployment(r, pc, declared);
        }
        return r.emulator.apiKey();
    }

    private static Object declaredDeployment(Running r, ParameterContext pc, Optional<Declared> declared) {
        Class<?> type = pc.getParameter().getType();
        String what = "parameter " + pc.getParameter().getName() + " of " + pc.getDeclaringExecutable();
        if (type != DeclaredDeployment.class && type != String.class) {
            throw new ParameterResolutionException("@Declared goes on a DeclaredDeployment or a String (the"
                    + " deployment's id), not on " + type.getName() + ": " + what);
        }
        if (r.declared == null) {
            throw new ParameterResolutionException("the declared deployments were not created: " + what);
        }
        DeclaredDeployment d = declared.isPresent()
                ? r.declared.named(declared.get().value(), () -> what)
                : r.declared.only(() -> what);
        return type == String.class ? d.id() : d;
    }

    private Running started() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the emulator starts before the test class's first test");
        }
        return r;
    }

    /**
     * The emulator and client of one test class; the store closes them after the class. JUnit 5.13 and
     * later close it as an AutoCloseable, older versions as a CloseableResource, each once.
     */
    @SuppressWarnings("deprecation")
    private static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        final Class<?> testClass;
        final JlsEmulator emulator;
        final JlsClient client;
        /** Set once they are created, right after the start. */
        volatile DeclaredDeployments declared;

        Running(Class<?> testClass, JlsEmulator emulator, JlsClient client) {
            this.testClass = testClass;
            this.emulator = emulator;
            this.client = client;
        }

        @Override
        public void close() {
            List<RuntimeException> failures = new ArrayList<>();
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
            emulator.close();
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
        }
    }

    /** Reads the annotation's {@code options} with the command line's own definitions. */
    @CommandLine.Command(name = "jls-emulator", modelTransformer = EmulatorCommandLine.Mixer.class)
    static final class Holder implements EmulatorCommandLine.Command {
        final EmulatorOptions options = EmulatorCommandLine.defaults();

        @Override
        public EmulatorOptions emulatorOptions() {
            return options;
        }
    }
}
