package dev.jls.cli;

import dev.jls.sdk.JlsClient;
import dev.jls.sdk.Region;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every {@code jls} verb shares: the root's global options, output through the command line's
 * writers (so tests capture it), one client closed when the command ends, and failures reported as
 * one line with their exit code instead of a stack trace. Verbs extend {@link JlsCommand}, which adds
 * {@code --api-key}; only {@code emulator start}, whose {@code --api-key} is the emulator's own, extends
 * this class directly.
 */
public abstract class BaseCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private Output output;
    private JlsClient client;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (ParameterException usage) {
            throw usage;
        } catch (Exception | LinkageError e) {
            return ErrorReport.print(e, spec.commandLine().getErr(), jls().verbose(), output(), baseUrl());
        } finally {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /** Does the command's work; returns its exit code. Failures may be thrown. */
    protected abstract int run() throws Exception;

    protected Jls jls() {
        return (Jls) spec.root().userObject();
    }

    protected Output output() {
        if (output == null) {
            OutputFormat format = jsonFlag() ? OutputFormat.json : jls().outputFormat();
            output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), format, jls().terminal());
        }
        return output;
    }

    /** Whether the command takes {@code --json} ({@link JsonOption}) and it was given. */
    private boolean jsonFlag() {
        return spec.mixins().values().stream()
                .anyMatch(mixin -> mixin.userObject() instanceof JsonOption option && option.json);
    }

    /**
     * The client for the resolved connection, made on first use and closed when the command ends; with
     * {@code -v} the target and why it was chosen go to standard error first.
     */
    protected JlsClient client() {
        if (client == null) {
            if (jls().verbose()) {
                output().err().println("target: " + jls().connection().describe());
                output().err().flush();
            }
            client = jls().newClient();
        }
        return client;
    }

    /**
     * The base URL of the resolved connection, or of its region; empty when every region is asked.
     */
    protected Optional<String> baseUrl() {
        try {
            Jls.Connection c = jls().connection();
            return c.baseUrl().or(() -> c.region().map(Region::baseUrl));
        } catch (RuntimeException unresolved) {
            // the failure being reported may be this very one
            return Optional.empty();
        }
    }

    /** A usage error naming the flag, reported by picocli with exit code 2. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
