package dev.jls.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: the official {@code jl}'s spelling of {@code -o json}, on the commands where {@code jl}
 * takes it, so that its command lines work unchanged. {@link BaseCommand#output()} reads it.
 */
public final class JsonOption {

    @Option(names = "--json", description = "Print JSON, as -o json does (the official jl's flag).")
    boolean json;
}
