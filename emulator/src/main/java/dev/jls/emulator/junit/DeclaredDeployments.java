package dev.jls.emulator.junit;

import dev.jls.emulator.EmulatorEvent;
import dev.jls.emulator.Faults;
import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.FieldError;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The deployments a test class declares with {@link JlsDeployment}: checked, created (with their faults
 * in force before their first worker starts), awaited, and found by name.
 */
final class DeclaredDeployments {

    /** The spec fields on the wire, by the attribute that sets them, for messages. */
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "min_workers", "minWorkers",
            "max_workers", "maxWorkers",
            "concurrent_requests", "concurrentRequests",
            "idle_timeout", "idleTimeout",
            "wait_time", "waitTime",
            "args.model", "model");

    private static final Set<String> WORKER_GONE = Set.of("stopping", "stopped", "crashed", "unresponsive");
    /** What {@link #readiness} answers while a deployment is on its way, and once it is there. */
    private static final String WAITING = "waiting";

    private static final String READY = "ready";

    /** A declaration, checked: what to create. */
    record Checked(String at, JlsDeployment declaration, DeploymentSpec spec, Faults faults) {}

    /** A created deployment and what it was declared with. */
    private record Entry(
            String at, JlsDeployment declaration, int minWorkers, Faults faults, DeclaredDeployment deployment) {}

    private final Class<?> testClass;
    private final Map<String, Entry> byName;

    private DeclaredDeployments(Class<?> testClass, Map<String, Entry> byName) {
        this.testClass = testClass;
        this.byName = byName;
    }

    /**
     * Creates the deployments {@link #check} found on {@code testClass} in {@code emulator} with {@code
     * client}, and waits for those declared with {@code awaitRunning}.
     *
     * @throws ExtensionConfigurationException naming the deployment the emulator refused
     * @throws IllegalStateException when a deployment failed to start
     */
    static DeclaredDeployments create(
            Class<?> testClass, List<Checked> checked, JlsEmulator emulator, JlsClient client) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Checked c : checked) {
            int min = c.spec.minWorkers().orElse(0);
            String id;
            try {
                if (c.faults.isEmpty()) {
                    id = client.deployments().create(c.spec);
                } else {
                    // created without workers, so that its first worker starts with the faults in force
                    id = client.deployments()
                            .create(c.spec.toBuilder().minWorkers(0).build());
                    emulator.faults().deployment(id).set(c.faults);
                    if (min > 0) {
                        client.deployments()
                                .update(
                                        id,
                                        DeploymentUpdate.builder()
                                                .minWorkers(min)
                                                .build());
                    }
                }
            } catch (JlsException | IllegalStateException | IllegalArgumentException e) {
                throw new ExtensionConfigurationException(
                        c.at + " on " + testClass.getName() + ": the emulator refused it: " + e.getMessage(), e);
            }
            JlsDeployment d = c.declaration;
            String served = d.servedModelName().isEmpty() ? d.model() : d.servedModelName();
            byName.put(
                    d.name(),
                    new Entry(
                            c.at,
                            d,
                            min,
                            c.faults,
                            new DeclaredDeployment(
                                    d.name(),
                                    id,
                                    d.model(),
                                    served,
                                    client.openai(id).baseUrl())));
        }
        DeclaredDeployments declared = new DeclaredDeployments(testClass, byName);
        declared.awaitRunning(emulator, true);
        return declared;
    }

    /**
     * Puts each declared deployment's declared faults back in force (after a reset cleared them); one
     * that is gone is left out.
     */
    void restoreFaults(JlsEmulator emulator) {
        for (Entry e : byName.values()) {
            if (e.faults.isEmpty()) {
                continue;
            }
            try {
                emulator.faults().deployment(e.deployment.id()).set(e.faults);
            } catch (NoSuchElementException gone) {
                // the test deleted it: nothing to put back
            }
        }
    }

    /**
     * Waits until each deployment declared with {@code awaitRunning} runs with its {@code minWorkers}
     * ready workers. One that failed or is being deleted fails the wait when {@code strict} (before the
     * first test), and is left as it is otherwise (after a reset: the test that broke it has ended).
     */
    void awaitRunning(JlsEmulator emulator, boolean strict) {
        for (Entry e : byName.values()) {
            if (!e.declaration.awaitRunning()) {
                continue;
            }
            String id = e.deployment.id();
            emulator.await()
                    .until(
                            events -> !readiness(events, id, e.minWorkers).equals(WAITING),
                            e.at + " (" + id + ") to run with " + e.minWorkers + " ready worker"
                                    + (e.minWorkers == 1 ? "" : "s"));
            String r = readiness(emulator.events().forDeployment(id), id, e.minWorkers);
            if (strict && !r.equals(READY)) {
                throw new IllegalStateException(e.at + " on " + testClass.getName() + ": deployment " + id + " " + r);
            }
        }
    }

    /** {@link #READY}, {@link #WAITING}, or why it will never be ready. */
    private static String readiness(List<EmulatorEvent> events, String id, int minWorkers) {
        boolean running = false;
        String end = null;
        Set<Long> ready = new HashSet<>();
        for (EmulatorEvent e : events) {
            if (!id.equals(e.deploymentId())) {
                continue;
            }
            if (e.kind() == EmulatorEvent.Kind.DEPLOYMENT) {
                switch (e.state()) {
                    case "running" -> running = true;
                    case "failed" -> end = "failed before it ran: " + e.message();
                    case "deleting", "deleted" -> end = "was deleted";
                    default -> {}
                }
            } else if (e.kind() == EmulatorEvent.Kind.WORKER) {
                if (e.state().equals("ready")) {
                    ready.add(e.workerId());
                } else if (WORKER_GONE.contains(e.state())) {
                    ready.remove(e.workerId());
                }
            }
        }
        if (end != null) {
            return end;
        }
        return running && ready.size() >= minWorkers ? READY : WAITING;
    }

    /** The deployment declared as {@code name}. */
    DeclaredDeployment named(String name, Supplier<String> forWhat) {
        Entry e = byName.get(name);
        if (e == null) {
            throw new ParameterResolutionException("no deployment named \"" + name + "\" is declared on "
                    + testClass.getName() + " for " + forWhat.get() + "; " + declaredNames());
        }
        return e.deployment;
    }

    /** The one deployment declared, for a {@link DeclaredDeployment} parameter without {@link Declared}. */
    DeclaredDeployment only(Supplier<String> forWhat) {
        if (byName.size() != 1) {
            throw new ParameterResolutionException(forWhat.get() + " needs @Declared(\"name\") to say which "
                    + "deployment it takes: " + declaredNames());
        }
        return byName.values().iterator().next().deployment;
    }

    private String declaredNames() {
        if (byName.isEmpty()) {
            return "none is declared: add @JlsDeployment(name = …, model = …) to " + testClass.getSimpleName();
        }
        return "declared: " + String.join(", ", byName.keySet());
    }

    // ---------------------------------------------------------------- checks

    /**
     * The declarations of {@code testClass} (and its superclasses), checked.
     *
     * @throws ExtensionConfigurationException listing every problem, each as {@code
     *     @JlsDeployment(name = "chat").attribute: what is wrong}
     */
    static List<Checked> check(Class<?> testClass) {
        List<JlsDeployment> declared = AnnotationSupport.findRepeatableAnnotations(testClass, JlsDeployment.class);
        List<String> problems = new ArrayList<>();
        List<Checked> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JlsDeployment d : declared) {
            String at = "@JlsDeployment(name = \"" + d.name() + "\")";
            int before = problems.size();
            if (d.name().isBlank()) {
                problems.add(at + ".name: must not be blank");
            } else if (!names.add(d.name())) {
                problems.add(at + ".name: is declared twice; each declared deployment needs a name of its own");
            }
            if (d.model().isBlank()) {
                problems.add(at + ".model: must not be blank");
            }
            int max = d.maxWorkers() == -1 ? Math.max(d.minWorkers(), 1) : d.maxWorkers();
            if (d.minWorkers() < 0) {
                problems.add(at + ".minWorkers: must not be negative, was " + d.minWorkers());
            } else if (d.maxWorkers() < -1) {
                problems.add(at + ".maxWorkers: must not be negative, was " + d.maxWorkers());
            } else if (d.minWorkers() > max) {
                problems.add(
                        at + ".minWorkers: " + d.minWorkers() + " must not be greater than maxWorkers (" + max + ")");
            }
            Map<String, String> env = pairs(d.env(), at + ".env", problems);
            Map<String, String> args = pairs(d.args(), at + ".args", problems);
            for (String own : List.of("model", "served-model-name")) {
                if (args.containsKey(own)) {
                    problems.add(at + ".args: \"" + own + "\" has an attribute of its own: "
                            + (own.equals("model") ? "model" : "servedModelName"));
                }
            }
            Faults faults = faults(d.faults(), at + ".faults", problems);
            if (problems.size() > before) {
                continue;
            }
            DeploymentSpec.Builder b = DeploymentSpec.builder()
                    .name(d.name())
                    .minWorkers(d.minWorkers())
                    .maxWorkers(max);
            if (!args.isEmpty()) {
                b.args(args);
            }
            b.model(d.model());
            if (!d.servedModelName().isEmpty()) {
                b.servedModelName(d.servedModelName());
            }
            if (d.gpus().length > 0) {
                b.gpusToUse(List.of(d.gpus()));
            }
            if (d.concurrentRequests() != 0) {
                b.concurrentRequests(d.concurrentRequests());
            }
            if (d.idleTimeout() != -1) {
                b.idleTimeout(d.idleTimeout());
            }
            if (d.waitTime() != -1) {
                b.waitTime(d.waitTime());
            }
            if (!env.isEmpty()) {
                b.env(env);
            }
            DeploymentSpec spec = b.build();
            try {
                spec.validate();
            } catch (JlsValidationException e) {
                for (FieldError f : e.fieldErrors()) {
                    String field = f.field().startsWith("gpus_to_use") ? "gpus" : f.field();
                    problems.add(at + "." + ATTRIBUTES.getOrDefault(field, field) + ": " + f.message());
                }
                continue;
            }
            out.add(new Checked(at, d, spec, faults));
        }
        if (!problems.isEmpty()) {
            throw new ExtensionConfigurationException("bad deployment declaration" + (problems.size() == 1 ? "" : "s")
                    + " on " + testClass.getName() + ":\n  " + String.join("\n  ", problems));
        }
        return out;
    }

    /** {@code NAME=VALUE} entries as a map; each one without a name and {@code =} is a problem. */
    private static Map<String, String> pairs(String[] entries, String at, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 1) {
                problems.add(at + ": \"" + entry + "\" is not NAME=VALUE");
            } else if (out.put(entry.substring(0, eq), entry.substring(eq + 1)) != null) {
                problems.add(at + ": " + entry.substring(0, eq) + " is given twice");
            }
        }
        return out;
    }

    /** The faults of {@code f}; each value out of range is a problem. */
    private static Faults faults(JlsFaults f, String at, List<String> problems) {
        Faults out = Faults.NONE;
        if (f.crashOnNextRequest() && f.crashMidStreamAfterTokens() != 0) {
            problems.add(at + ": crashOnNextRequest and crashMidStreamAfterTokens are the same fault; set one");
        } else if (f.crashOnNextRequest()) {
            out = out.withCrash(0);
        } else if (f.crashMidStreamAfterTokens() < 0) {
            problems.add(at + ".crashMidStreamAfterTokens: must not be negative, was " + f.crashMidStreamAfterTokens());
        } else if (f.crashMidStreamAfterTokens() > 0) {
            out = out.withCrash(f.crashMidStreamAfterTokens());
        }
        if (f.hang()) {
            out = out.withHang(true);
        }
        if (f.ttftMs() < -1) {
            problems.add(at + ".ttftMs: must not be negative, was " + f.ttftMs());
        } else if (f.tokensPerSecond() != -1 && !(f.tokensPerSecond() >= 0)) {
            problems.add(at + ".tokensPerSecond: must be 0 or more, was " + f.tokensPerSecond());
        } else if (f.ttftMs() != -1 || f.tokensPerSecond() != -1) {
            try {
                out = out.withSlow(new Faults.Slow(
                        Duration.ofMillis(Math.max(f.ttftMs(), 0)),
                        f.tokensPerSecond() == -1 ? 0 : f.tokensPerSecond()));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".tokensPerSecond: " + e.getMessage());
            }
        }
        if (f.errorRate() != 0) {
            try {
                out = out.withErrorRate(new Faults.ErrorRate(f.errorRate(), f.errorSeed()));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".errorRate: " + e.getMessage());
            }
        }
        if (f.failNextStarts() < 0) {
            problems.add(at + ".failNextStarts: must not be negative, was " + f.failNextStarts());
        } else if (f.failNextStarts() > 0) {
            try {
                out = out.withFailNextStarts(new Faults.FailStarts(f.failNextStarts(), f.failNextStartsMessage()));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".failNextStartsMessage: " + e.getMessage());
            }
        }
        if (f.coldStartMs() < 0) {
            problems.add(at + ".coldStartMs: must not be negative, was " + f.coldStartMs());
        } else if (f.coldStartMs() > 0) {
            out = out.withColdStart(Duration.ofMillis(f.coldStartMs()));
        }
        return out;
    }
}
