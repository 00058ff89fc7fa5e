package dev.jls.cli.deploy;

import dev.jls.cli.JlsCommand;
import picocli.CommandLine.Command;

/** {@code jls deploy}: the deployments of the account (or of the emulator's key). */
@Command(
        name = "deploy",
        description = "Create, inspect, change and delete deployments.",
        subcommands = {
            DeployCreate.class,
            DeployList.class,
            DeployGet.class,
            DeployStatus.class,
            DeployUpdate.class,
            DeployDelete.class,
            DeployLogs.class,
            DeployWait.class,
        })
public final class DeployCommand extends JlsCommand {

    @Override
    protected int run() {
        throw usage("Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
