package dev.jls.cli.deploy;

import dev.jls.cli.ExitCodes;
import dev.jls.cli.JlsCommand;
import dev.jls.cli.JsonOption;
import dev.jls.sdk.errors.JlsValidationException;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jls deploy update}: the settings a running deployment may change. */
@Command(
        name = "update",
        sortOptions = false,
        description = {
            "Change a running deployment's name, idle timeout or wait time, and on the emulator its",
            "min and max workers.",
            "Example: jls deploy update dep-0123456789ab --idle-timeout 60"
        })
public final class DeployUpdate extends JlsCommand {

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (dep-...).")
    String deploymentId;

    @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
    String name;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "A new idle timeout, 0-86400.")
    Integer idleTimeout;

    @Option(names = "--wait-time", paramLabel = "SECONDS", description = "A new wait time, 0-600.")
    Integer waitTime;

    @Option(
            names = "--min-workers",
            paramLabel = "N",
            description = "A new least number of workers, 0-100 (the emulator only).")
    Integer minWorkers;

    @Option(
            names = "--max-workers",
            paramLabel = "N",
            description = "A new greatest number of workers, 0-100 (the emulator only).")
    Integer maxWorkers;

    @Override
    protected int run() {
        if (name == null && idleTimeout == null && waitTime == null && minWorkers == null && maxWorkers == null) {
            throw usage("Nothing to change: give at least one of --name, --idle-timeout, --wait-time,"
                    + " --min-workers, --max-workers");
        }
        DeploymentUpdate.Builder update = DeploymentUpdate.builder();
        if (name != null) {
            update.name(name);
        }
        if (idleTimeout != null) {
            update.idleTimeout(idleTimeout);
        }
        if (waitTime != null) {
            update.waitTime(waitTime);
        }
        if (minWorkers != null) {
            update.minWorkers(minWorkers);
        }
        if (maxWorkers != null) {
            update.maxWorkers(maxWorkers);
        }
        Deployment d;
        try {
            d = client().deployments().update(deploymentId, update.build());
        } catch (JlsValidationException e) {
            throw usage(DeployCreate.describe(e.fieldErrors()));
        }
        if (output().isJson()) {
            output().json(d.toJson());
        } else {
            output().line("Updated " + d.deploymentId() + ": name " + d.name() + ", idle timeout "
                    + DeployGet.text(d.idleTimeout()) + "s, wait time " + DeployGet.text(d.waitTime()) + "s, workers "
                    + DeployGet.text(d.minWorkers()) + "-" + DeployGet.text(d.maxWorkers()) + ".");
        }
        return ExitCodes.OK;
    }
}
