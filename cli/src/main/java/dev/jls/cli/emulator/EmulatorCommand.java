package dev.jls.cli.emulator;

import dev.jls.cli.JlsCommand;
import picocli.CommandLine.Command;

/** {@code jls emulator}: the local emulator, in this terminal or in the background. */
@Command(
        name = "emulator",
        description = "Start, stop and inspect the local jls emulator.",
        subcommands = {EmulatorStart.class, EmulatorStop.class, EmulatorStatus.class, EmulatorReset.class})
public final class EmulatorCommand extends JlsCommand {

    @Override
    protected int run() {
        throw usage("Missing command: choose one of start, stop, status, reset");
    }
}
