package dev.jls.cli;

import picocli.CommandLine.Mixin;

/** A {@code jls} verb that talks to the service, with {@code --api-key} accepted before or after it. */
public abstract class JlsCommand extends BaseCommand {

    @Mixin
    ApiKeyOption apiKeyOption;
}
