package dev.jls.cli;

import java.util.Map;

/**
 * What the command's standard streams are attached to. Progress, spinners and interactive modes
 * need a terminal; colour also needs {@code NO_COLOR} unset and a terminal that is not {@code dumb}.
 *
 * @param interactive whether a console is attached to both standard input and output
 * @param color whether ANSI colour may be written
 */
public record Terminal(boolean interactive, boolean color) {

    /** The terminal of this process, as Java sees it. */
    public static Terminal detect(Map<String, String> env) {
        boolean console = System.console() != null;
        boolean color = console && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        return new Terminal(console, color);
    }

    /** No terminal: pipes or files, as in scripts and tests. */
    public static Terminal none() {
        return new Terminal(false, false);
    }
}
