package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.ConfigDir;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.emulator.internal.cli.DurationSyntax;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jls emulator stop}: ends the emulator {@code jls emulator start} left running, and its workers. */
@Command(
        name = "stop",
        description = {
            "Stop the emulator started with `jls emulator start` and every worker it runs.",
            "SIGTERM first (it stops its workers), SIGKILL after the grace time.",
            "The profile 'emulator' stays current if it was: commands then fail to connect (rather than go"
                    + " elsewhere) until it starts again or `jls profile use NAME` chooses another target."
        })
public final class EmulatorStop extends JlsCommand {

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = DurationSyntax.PositiveConverter.class,
            description = "How long to wait after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    protected int run() {
        ConfigDir dir = jls().configDir();
        Optional<EmulatorState> state = EmulatorState.read(dir);
        Optional<ProcessHandle> process = state.flatMap(EmulatorState::process);
        ObjectNode doc = Documents.object();
        if (process.isEmpty()) {
            EmulatorState.delete(dir);
            doc.put("stopped", false);
            doc.put("running", false);
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("No emulator is running"
                        + state.map(s -> " (cleared the stale state of pid " + s.pid() + ")")
                                .orElse("") + ".");
            }
            return ExitCodes.OK;
        }
        ProcessHandle handle = process.get();
        if (handle.pid() == ProcessHandle.current().pid()) {
            throw usage("This process is the emulator; stop it with Ctrl-C");
        }
        boolean killed = EmulatorProcess.stop(handle, grace);
        EmulatorState.delete(dir);
        Optional<String> current = jls().profiles().current();
        doc.put("stopped", true);
        doc.put("pid", handle.pid());
        doc.put("killed", killed);
        doc.put("current_profile", current.orElse(null));
        if (output().isJson()) {
            output().json(doc);
        } else {
            output().line("Stopped the emulator (pid " + handle.pid()
                    + (killed ? ", killed after " + grace.toSeconds() + "s" : "") + ") at "
                    + state.get().baseUrl() + ".");
            if (current.filter(EmulatorStart.PROFILE::equals).isPresent()) {
                output().note("The profile '" + EmulatorStart.PROFILE + "' is still current: commands fail to"
                        + " connect until `jls emulator start`, or `jls profile use NAME` chooses another target.");
            }
        }
        return ExitCodes.OK;
    }
}
