package dev.jls.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --api-key} on a subcommand, stored on the root so it counts wherever it is written. It is a
 * mixin rather than an inherited option because {@code jls emulator start} has an {@code --api-key}
 * of its own (the emulator's accepted keys), and picocli refuses an inherited option whose name a
 * subcommand also uses.
 */
public final class ApiKeyOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--api-key",
            paramLabel = "KEY",
            description = "API key; beats profiles and $JL_API_KEY (order: Connection, in `jls --help`).")
    void apiKey(String key) {
        // picocli also calls this with the default (null) when the option is absent; that must not
        // erase a key given before the subcommand.
        if (key != null) {
            ((Jls) mixee.root().userObject()).apiKey = key;
        }
    }
}
