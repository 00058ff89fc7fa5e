package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a completion script's {@code _jls_complete} in bash as a TAB would, and returns what it offers. */
final class BashCompletion {

    private BashCompletion() {}

    /**
     * The candidates for the last of {@code words} (the first is the command), one a line as bash would
     * list them, with {@code env} added to this process's environment (less its jls settings).
     */
    static List<String> run(Path script, Map<String, String> env, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ));"
                        + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
                        + " _jls_complete \"$1\" \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\";"
                        + " printf '%s\\n' \"${COMPREPLY[@]}\"",
                "bash",
                script.toString()));
        command.addAll(List.of(words));
        // Standard error only carries bash's notes on compopt run outside a real completion.
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        // the machine's own key, profile or server must not reach the jls that the script runs
        builder.environment().keySet().removeIf(k -> k.startsWith("JL_") || k.startsWith("JLS_"));
        builder.environment().putAll(env);
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output.lines().filter(line -> !line.isEmpty()).toList();
    }
}
