package dev.jls.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls completion bash|zsh}: a completion script generated from the command tree itself. */
@Command(
        name = "completion",
        description = {
            "Print a shell completion script.",
            "bash:  source <(jls completion bash)      (or save it under ~/.local/share/bash-completion/completions/jls)",
            "zsh:   source <(jls completion zsh)       (in ~/.zshrc)"
        })
public final class CompletionCommand extends JlsCommand {

    /** The shells a script can be generated for. */
    public enum Shell {
        bash,
        zsh
    }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    protected int run() {
        // One script serves both shells: under zsh it loads bashcompinit itself.
        String script = AutoComplete.bash("jls", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
