package dev.jls.sdk;

import dev.jls.sdk.internal.TomlStrings;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API key saved by JarvisLabs' own command line: {@code jl setup} writes it as {@code token} in the
 * {@code [auth]} table of {@code config.toml} in jl's config directory. {@link JlsClient.Builder#fromEnv()}
 * falls back to it when no key is given and {@code JL_API_KEY} is not set, so a machine set up for
 * {@code jl} needs nothing more.
 *
 * <pre>{@code
 * # ~/.config/jl/config.toml
 * [auth]
 * token = "..."
 * }</pre>
 */
public final class JlConfigFile {

    private JlConfigFile() {}

    /**
     * Where {@code jl} keeps its config file: {@code $XDG_CONFIG_HOME/jl/config.toml}, else
     * {@code ~/.config/jl/config.toml}.
     *
     * @param env  reads an environment variable, null when unset (e.g. {@code System::getenv})
     * @param home the user's home directory; null when unknown
     * @return the path, which may not exist; empty when neither {@code XDG_CONFIG_HOME} nor a home is known
     */
    public static Optional<Path> location(Function<String, String> env, Path home) {
        Objects.requireNonNull(env, "env");
        String xdg = env.apply("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg.strip(), "jl", "config.toml"));
        }
        return Optional.ofNullable(home)
                .map(dir -> dir.resolve(".config").resolve("jl").resolve("config.toml"));
    }

    /** {@link #location(Function, Path)} for this process: its environment and {@code user.home}. */
    public static Optional<Path> location() {
        String home = System.getProperty("user.home");
        return location(System::getenv, home == null || home.isBlank() ? null : Path.of(home));
    }

    /**
     * Reads the key from a config file: the {@code token} of its {@code [auth]} table.
     *
     * @param file the file, e.g. from {@link #location()}
     * @return the token, without surrounding spaces; empty when the file does not exist, has no token, or
     *     its token is blank
     * @throws IllegalStateException naming the file (and the line) when it cannot be read or is not TOML
     */
    public static Optional<String> token(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (CharacterCodingException notUtf8) {
            throw new IllegalStateException(file + ": not UTF-8 text, so not a jl config file", notUtf8);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read it: " + e.getMessage(), e);
        }
        try {
            return TomlStrings.find(text, List.of("auth", "token"))
                    .map(String::strip)
                    .filter(token -> !token.isEmpty());
        } catch (TomlStrings.SyntaxException e) {
            throw new IllegalStateException(
                    file + ": line " + e.line() + ": " + e.getMessage()
                            + " (looking for the API key jl saved as token in [auth])",
                    e);
        }
    }
}
