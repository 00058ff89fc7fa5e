package dev.jls.emulator.internal.workers;

import dev.jls.emulator.EngineChoice;
import dev.jls.emulator.internal.core.WorkerStartException;
import dev.jls.emulator.internal.gpu.GpuInventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which engine runs the workers of each framework: {@code vllm} gets the engine {@code --engine}
 * chose (an engine command given for {@code vllm} replaces it), other frameworks ({@code sglang},
 * {@code ollama}) the engine command configured for them, if any. Immutable.
 */
public final class EngineRegistry {

    private final EngineChoice choice;
    private final Engine vllmFramework;
    private final String reason;
    private final Map<String, TemplateEngine> commands;

    private EngineRegistry(
            EngineChoice choice, Engine vllmFramework, String reason, Map<String, TemplateEngine> commands) {
        this.choice = choice;
        this.vllmFramework = vllmFramework;
        this.reason = reason;
        this.commands = Map.copyOf(commands);
    }

    /** A registry builder: {@code auto}, the default engines, no engine commands. */
    public static Builder builder() {
        return new Builder();
    }

    /** The engine for {@code framework} (case-insensitive); empty when none is configured. */
    public Optional<Engine> engineFor(String framework) {
        String key = framework.strip().toLowerCase(Locale.ROOT);
        TemplateEngine command = commands.get(key);
        if (command != null) {
            return Optional.of(command);
        }
        return key.equals("vllm") ? Optional.of(vllmFramework) : Optional.empty();
    }

    /**
     * The engine a worker of {@code framework} starts with.
     *
     * @throws WorkerStartException saying {@link #missingEngineMessage} when none is configured
     */
    public Engine engineToStart(String framework) {
        return engineFor(framework)
                .orElseThrow(() -> new WorkerStartException(missingEngineMessage(framework), List.of()));
    }

    /**
     * What to answer (422) for a deployment of a framework with no engine, e.g. {@code framework sglang
     * needs an engine command: start the emulator with --engine-command sglang=...}.
     */
    public static String missingEngineMessage(String framework) {
        String name = framework.strip().toLowerCase(Locale.ROOT);
        return "framework "
                + name
                + " needs an engine command: start the emulator with --engine-command "
                + name
                + "=...";
    }

    /** The {@code --engine} option this registry was built with. */
    public EngineChoice choice() {
        return choice;
    }

    /** The engine that serves {@code framework: vllm}. */
    public Engine vllmFrameworkEngine() {
        return engineFor("vllm").orElseThrow();
    }

    /**
     * Which engine serves {@code vllm} and why, for the emulator's start-up line, e.g. {@code using the
     * simulated engine: GPUs found but no vllm on PATH}.
     */
    public String reason() {
        return reason;
    }

    /** The engine commands by framework. */
    public Map<String, TemplateEngine> engineCommands() {
        return commands;
    }

    /** Builds an {@link EngineRegistry}. Not thread-safe. */
    public static final class Builder {
        private EngineChoice choice = EngineChoice.AUTO;
        private Optional<GpuInventory> inventory = Optional.empty();
        private Optional<SimEngine> sim = Optional.empty();
        private Optional<VllmEngine> vllm = Optional.empty();
        private String path = System.getenv("PATH");
        private final Map<String, TemplateEngine> commands = new LinkedHashMap<>();

        private Builder() {}

        /** {@code --engine}; default {@link EngineChoice#AUTO}. */
        public Builder choice(EngineChoice choice) {
            this.choice = choice;
            return this;
        }

        /**
         * The GPU inventory {@code auto} looks at; vLLM needs a {@linkplain GpuInventory#discovered()
         * discovered} one. Required for {@code auto}.
         */
        public Builder gpuInventory(GpuInventory inventory) {
            this.inventory = Optional.of(inventory);
            return this;
        }

        /** The simulated engine; default {@code new SimEngine()}. */
        public Builder sim(SimEngine sim) {
            this.sim = Optional.of(sim);
            return this;
        }

        /** The vLLM engine; default {@code new VllmEngine()} ({@code vllm} on PATH). */
        public Builder vllm(VllmEngine vllm) {
            this.vllm = Optional.of(vllm);
            return this;
        }

        /**
         * The {@code PATH} on which {@code auto} looks for the vllm executable; default this process's.
         * Give the same as the launcher's environment.
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** An engine command for the framework it is named after; a later one for the same replaces it. */
        public Builder engineCommand(TemplateEngine command) {
            commands.put(command.name(), command);
            return this;
        }

        /**
         * Engine commands from {@code --engine-command FRAMEWORK=TEMPLATE} options.
         *
         * @throws IllegalArgumentException naming the bad option
         */
        public Builder engineCommandOptions(List<String> options) {
            for (String option : options) {
                engineCommand(TemplateEngine.fromOption(option));
            }
            return this;
        }

        /**
         * Chooses the engine for {@code vllm} and says why.
         *
         * @throws IllegalStateException for {@code auto} without a {@link #gpuInventory}
         */
        public EngineRegistry build() {
            VllmEngine vllmEngine = vllm.orElseGet(VllmEngine::new);
            Optional<Path> vllmPath = ExecutableSearch.find(vllmEngine.executable(), path);
            String where = vllmPath.map(Path::toString).orElse(vllmEngine.executable() + " not found on PATH");
            Engine chosen;
            String why;
            switch (choice) {
                case SIM -> {
                    chosen = sim.orElseGet(SimEngine::new);
                    why = "using the simulated engine: --engine sim";
                }
                case VLLM -> {
                    chosen = vllmEngine;
                    why = "using vLLM ("
                            + where
                            + "): --engine vllm"
                            + (vllmPath.isEmpty() ? "; its workers will fail to start until it is installed" : "");
                }
                default -> {
                    GpuInventory gpus = inventory.orElseThrow(
                            () -> new IllegalStateException("--engine auto needs the GPU inventory to decide"));
                    List<String> missing = new ArrayList<>();
                    if (!gpus.discovered()) {
                        // why none was found is the inventory's description, which is printed beside this
                        missing.add("no real GPU");
                    }
                    if (vllmPath.isEmpty()) {
                        missing.add("no " + vllmEngine.executable() + " on PATH");
                    }
                    if (missing.isEmpty()) {
                        chosen = vllmEngine;
                        why = "using vLLM (" + where + "): " + gpus.description();
                    } else {
                        chosen = sim.orElseGet(SimEngine::new);
                        why = "using the simulated engine: " + String.join(", and ", missing);
                    }
                }
            }
            TemplateEngine vllmCommand = commands.get("vllm");
            if (vllmCommand != null) {
                why = "using the engine command given for vllm: " + vllmCommand.template();
            }
            return new EngineRegistry(choice, chosen, why, commands);
        }
    }
}
