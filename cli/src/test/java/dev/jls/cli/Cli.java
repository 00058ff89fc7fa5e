package dev.jls.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code jls} in-process, as a test sees it: a given environment (never the machine's), a config
 * directory of the test's own (with the emulator's data directory in it), no terminal, standard output and error captured.
 */
public final class Cli {

    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private Terminal terminal = Terminal.none();

    public Cli(Path configDir) {
        env.put("JLS_CONFIG_DIR", configDir.toString());
        env.put("JLS_DATA_DIR", configDir.resolve("data").toString());
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Cli terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    /** Emulator connection settings, as flags would give them. */
    public Cli connectTo(String baseUrl, String apiKey) {
        env.put("JLS_BASE_URL", baseUrl);
        env.put("JL_API_KEY", apiKey);
        return this;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Jls.commandLine(new Jls(env, terminal).withStdin(stdin));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }
}
