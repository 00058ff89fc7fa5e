package dev.jls.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The question a command asks on a terminal before it destroys something: {@code QUESTION [y/N]} on
 * standard error, the answer read from standard input. Only {@code y} or {@code yes} (any case) goes
 * ahead; anything else, an empty line or the end of input, does not.
 */
public final class Confirmation {

    private Confirmation() {}

    /** Asks {@code question} and says whether the answer was y or yes. */
    public static boolean ask(Output output, InputStream in, String question) throws IOException {
        output.err().print(question + " [y/N] ");
        output.err().flush();
        String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
    }
}
