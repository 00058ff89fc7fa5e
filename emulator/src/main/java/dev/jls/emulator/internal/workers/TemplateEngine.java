package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs any OpenAI-compatible server from a command template, e.g. {@code python -m
 * sglang.launch_server --model-path {model} --host {host} --port {port} --tp {gpu_count}}.
 *
 * <p>The template is split into words once, when it is parsed, the way a shell splits words (spaces
 * separate, {@code '…'} and {@code "…"} group, {@code \} escapes the next character) but no shell ever
 * runs it: placeholders are replaced inside each word, so a value with spaces or quotes stays one
 * argument. Placeholders:
 *
 * <ul>
 *   <li>{@code {port}} the port the emulator chose; {@code {host}} {@code 127.0.0.1}
 *   <li>{@code {model}} {@code args.model}; {@code {served_model_name}} the served name
 *   <li>{@code {gpus}} the worker's GPU indices, comma-separated ({@code 0,1}); {@code {gpu_count}}
 *       how many
 *   <li>{@code {worker_id}}, {@code {deployment_id}}
 *   <li>{@code {args}} (a word of its own) every other {@code args} entry as {@code --key value}, a
 *       value {@code true} as a bare flag, in key order
 * </ul>
 *
 * {@code {{} and {@code }}} stand for literal braces. The process gets the deployment's {@code env}
 * and {@code CUDA_VISIBLE_DEVICES}.
 */
public final class TemplateEngine implements Engine {

    /** A server of unknown size may take long to load; the same default as vLLM's. */
    public static final Duration DEFAULT_START_TIMEOUT = VllmEngine.DEFAULT_START_TIMEOUT;

    /** The placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of(
            "port", "host", "model", "served_model_name", "gpus", "gpu_count", "worker_id", "deployment_id", "args");

    private static final Set<String> PLACED_ARGS = Set.of("model", "served-model-name");

    private final String name;
    private final String template;
    private final List<List<Part>> words;
    private final Duration startTimeout;

    private sealed interface Part permits Literal, Placeholder {}

    private record Literal(String text) implements Part {}

    private record Placeholder(String name) implements Part {}

    private TemplateEngine(String name, String template, List<List<Part>> words, Duration startTimeout) {
        this.name = name;
        this.template = template;
        this.words = words;
        this.startTimeout = startTimeout;
    }

    /**
     * Parses {@code template} for the engine called {@code name} (the framework it serves, e.g. {@code
     * sglang}), with the {@linkplain #DEFAULT_START_TIMEOUT default start timeout}.
     *
     * @throws IllegalArgumentException naming the problem and its position: an unknown placeholder, an
     *     unclosed brace or quote, an empty template, {@code {args}} inside a longer word
     */
    public static TemplateEngine parse(String name, String template) {
        return parse(name, template, DEFAULT_START_TIMEOUT);
    }

    /** As {@link #parse(String, String)}, with {@code startTimeout}. */
    public static TemplateEngine parse(String name, String template, Duration startTimeout) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("an engine command needs a name (the framework it serves)");
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive, was " + startTimeout);
        }
        return new TemplateEngine(name.strip().toLowerCase(Locale.ROOT), template, split(name, template), startTimeout);
    }

    /**
     * Reads the emulator's {@code --engine-command} option, {@code FRAMEWORK=TEMPLATE}, e.g. {@code
     * sglang=python -m sglang.launch_server --model-path {model} --port {port}}.
     *
     * @throws IllegalArgumentException when there is no {@code =} or the template cannot be parsed
     */
    public static TemplateEngine fromOption(String option) {
        int equals = option.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--engine-command '"
                    + option
                    + "' must be FRAMEWORK=COMMAND, e.g. sglang=python -m sglang.launch_server"
                    + " --model-path {model} --host {host} --port {port}");
        }
        String framework = option.substring(0, equals).strip();
        if (!framework.matches("[A-Za-z0-9._\\-]+")) {
            throw new IllegalArgumentException(
                    "--engine-command '" + option + "': framework '" + framework + "' is not a plain name");
        }
        try {
            return parse(framework, option.substring(equals + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine-command " + framework + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The template as given. */
    public String template() {
        return template;
    }

    @Override
    public Duration startTimeout() {
        return startTimeout;
    }

    /** This engine with another start timeout. */
    public TemplateEngine withStartTimeout(Duration timeout) {
        return parse(name, template, timeout);
    }

    @Override
    public EngineCommand command(WorkerLaunch launch, int port) {
        List<String> command = new ArrayList<>();
        for (List<Part> word : words) {
            if (word.size() == 1
                    && word.get(0) instanceof Placeholder p
                    && p.name().equals("args")) {
                command.addAll(argsAsFlags(launch.args()));
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (Part part : word) {
                if (part instanceof Literal literal) {
                    text.append(literal.text());
                } else if (part instanceof Placeholder placeholder) {
                    text.append(value(placeholder.name(), launch, port));
                }
            }
            command.add(text.toString());
        }
        return new EngineCommand(command, ProcessEnvironment.of(launch));
    }

    private static String value(String placeholder, WorkerLaunch launch, int port) {
        return switch (placeholder) {
            case "port" -> Integer.toString(port);
            case "host" -> "127.0.0.1";
            case "model" -> launch.model();
            case "served_model_name" -> launch.servedModelName();
            case "gpus" -> ProcessEnvironment.gpuIndices(launch.gpus());
            case "gpu_count" -> Integer.toString(launch.gpus().size());
            case "worker_id" -> Long.toString(launch.workerId());
            case "deployment_id" -> launch.deploymentId();
            default -> throw new IllegalStateException("placeholder {" + placeholder + "} was not checked");
        };
    }

    private static List<String> argsAsFlags(Map<String, String> args) {
        List<String> flags = new ArrayList<>();
        new TreeMap<>(args).forEach((key, value) -> {
            String flag = key.strip().replaceFirst("^-+", "");
            if (flag.isEmpty() || PLACED_ARGS.contains(flag)) {
                return;
            }
            flags.add("--" + flag);
            if (!"true".equalsIgnoreCase(value.strip())) {
                flags.add(value);
            }
        });
        return flags;
    }

    private static List<List<Part>> split(String name, String template) {
        List<List<Part>> words = new ArrayList<>();
        List<Part> word = null;
        StringBuilder literal = new StringBuilder();
        char quote = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    flush(word, literal);
                    words.add(List.copyOf(word));
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new ArrayList<>();
            }
            if (quote != '\'' && c == '\\') {
                if (i + 1 >= template.length()) {
                    throw problem(name, template, i, "a '\\' at the end escapes nothing");
                }
                literal.append(template.charAt(i + 1));
                i += 2;
            } else if (c == '\'' || c == '"') {
                if (quote == 0) {
                    quote = c;
                } else if (quote == c) {
                    quote = 0;
                } else {
                    literal.append(c);
                }
                i++;
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw problem(name, template, i, "'{' is never closed (write {{ for a literal brace)");
                }
                String placeholder = template.substring(i + 1, close).strip();
                if (!PLACEHOLDERS.contains(placeholder)) {
                    throw problem(
                            name,
                            template,
                            i,
                            "unknown placeholder {"
                                    + placeholder
                                    + "}; known: "
                                    + String.join(
                                            ", ",
                                            new TreeSet<>(PLACEHOLDERS)
                                                    .stream()
                                                            .map(p -> "{" + p + "}")
                                                            .toList()));
                }
                if (literal.length() > 0) {
                    flush(word, literal);
                }
                word.add(new Placeholder(placeholder));
                i = close + 1;
            } else if (c == '}') {
                throw problem(name, template, i, "'}' without '{' (write }} for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (quote != 0) {
            throw problem(name, template, template.length(), "the quote " + quote + " is never closed");
        }
        if (word != null) {
            flush(word, literal);
            words.add(List.copyOf(word));
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command template for " + name + " is empty");
        }
        for (List<Part> w : words) {
            boolean hasArgs = w.stream()
                    .anyMatch(p -> p instanceof Placeholder ph && ph.name().equals("args"));
            if (hasArgs && w.size() != 1) {
                throw new IllegalArgumentException(
                        "the command template for " + name + ": {args} must be a word of its own: " + template);
            }
        }
        if (words.get(0).stream().anyMatch(p -> p instanceof Placeholder)) {
            throw new IllegalArgumentException("the command template for " + name
                    + " must start with the executable, not a placeholder: " + template);
        }
        return List.copyOf(words);
    }

    private static void flush(List<Part> word, StringBuilder literal) {
        // A quoted empty string ('') is still a word, so an empty literal is kept when it is all there is.
        if (literal.length() > 0 || word.isEmpty()) {
            word.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    private static IllegalArgumentException problem(String name, String template, int at, String what) {
        return new IllegalArgumentException(
                "the command template for " + name + ", at character " + (at + 1) + ": " + what + ": " + template);
    }

    @Override
    public String toString() {
        return name + "=" + template;
    }
}
