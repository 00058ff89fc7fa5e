package dev.jls.emulator.internal.workers;

import java.util.List;
import java.util.Map;

/**
 * An engine process to start: its command line and the environment variables it gets on top of the
 * emulator's own.
 */
public record EngineCommand(List<String> command, Map<String, String> environment) {

    public EngineCommand {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an engine command needs at least the executable");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
