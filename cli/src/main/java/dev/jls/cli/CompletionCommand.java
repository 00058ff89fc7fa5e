package dev.jls.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code jls completion bash|zsh}: a completion script generated from the command tree itself, which
 * also completes deployment and request ids by asking {@code jls __complete} ({@link CompleteCommand}).
 */
@Command(
        name = "completion",
        description = {
            "Print a shell completion script.",
            "bash:  source <(jls completion bash)      (or save it under ~/.local/share/bash-completion/completions/jls)",
            "zsh:   source <(jls completion zsh)       (in ~/.zshrc)",
            "Deployment ids are completed from the current target (asked with a wait of about a second);"
                    + " request ids from those this jls submitted there (the last " + RequestHistory.KEPT + ", kept in"
                    + " requests.tsv in the configuration directory)."
        })
public final class CompletionCommand extends JlsCommand {

    /** The shells a script can be generated for. */
    public enum Shell {
        bash,
        zsh
    }

    /** The flags that choose the target, passed on to {@code jls __complete}. */
    static final List<String> CONNECTION_OPTIONS = List.of("--api-key", "--base-url", "--region", "--profile");

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    protected int run() {
        // One script serves both shells: under zsh it loads bashcompinit itself.
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("jls", root) + ids(root.getCommandSpec());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * The part that completes ids: {@code _jls_complete} walks the words typed so far through the command
     * tree (tables generated below), and where the word under the cursor is a DEPLOYMENT or REQUEST
     * argument it offers what {@code jls __complete} prints; everywhere else picocli's
     * {@code _complete_jls} answers.
     */
    static String ids(CommandSpec root) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        walk(root, "", commands);
        StringBuilder valueOptions = new StringBuilder();
        List<String> deploymentSlots = new ArrayList<>();
        List<String> requestSlots = new ArrayList<>();
        for (Map.Entry<String, CommandSpec> command : commands.entrySet()) {
            TreeSet<String> names = new TreeSet<>();
            for (OptionSpec option : command.getValue().options()) {
                if (option.arity().max() > 0) {
                    names.addAll(List.of(option.names()));
                }
            }
            valueOptions
                    .append("    \"")
                    .append(command.getKey())
                    .append("\") _jls_value_options=\" ")
                    .append(String.join(" ", names))
                    .append(" \";;\n");
            for (PositionalParamSpec positional : command.getValue().positionalParameters()) {
                String slot = "\"" + command.getKey() + ":" + positional.index().min() + "\"";
                if (positional.paramLabel().equals("DEPLOYMENT")) {
                    deploymentSlots.add(slot);
                } else if (positional.paramLabel().equals("REQUEST")) {
                    requestSlots.add(slot);
                }
            }
        }
        String paths = String.join(" ", commands.keySet()).strip();
        return ("""

                # Deployment and request ids: asked of jls itself, which prints them one a line (deployments from
                # the target within about a second, requests from those this jls submitted there), and prints
                # nothing at all when it cannot tell.
                _jls_commands=" %s "

                function _jls_value_options_of() {
                  case "$1" in
                %s    *) _jls_value_options=" ";;
                  esac
                }

                function _jls_id_kind_of() {
                  case "$1" in
                    %s) _jls_id_kind=deployments;;
                    %s) _jls_id_kind=requests;;
                    *) _jls_id_kind="";;
                  esac
                }

                function _jls_complete() {
                  if [ -n "$ZSH_VERSION" ]; then
                    emulate -L ksh  # arrays from 0 and words split as in bash
                  fi
                  local cur="${COMP_WORDS[COMP_CWORD]}"
                  if [[ "$cur" != -* ]]; then
                    local command="" word next positional=0 deployment="" i=1
                    local -a connection=()
                    while (( i < COMP_CWORD )); do
                      word="${COMP_WORDS[i]}"
                      next="${COMP_WORDS[i+1]}"
                      i=$((i + 1))
                      case "$word" in
                        %s)
                          connection+=("$word" "$next"); i=$((i + 1)); continue;;
                        %s)
                          connection+=("$word"); continue;;
                        -*)
                          _jls_value_options_of "$command"
                          if [[ "$word" != *=* && "$_jls_value_options" == *" $word "* ]]; then i=$((i + 1)); fi
                          continue;;
                      esac
                      if [[ $positional -eq 0 && "$_jls_commands" == *" ${command:+$command/}$word "* ]]; then
                        command="${command:+$command/}$word"
                        continue
                      fi
                      _jls_id_kind_of "$command:$positional"
                      if [ "$_jls_id_kind" = deployments ]; then deployment="$word"; fi
                      positional=$((positional + 1))
                    done
                    # past the cursor: the word under it is the value of the option before it
                    if (( i > COMP_CWORD )); then _jls_id_kind=""; else _jls_id_kind_of "$command:$positional"; fi
                    if [ -n "$_jls_id_kind" ]; then
                      local ids
                      ids=$("${COMP_WORDS[0]}" "${connection[@]}" __complete "$_jls_id_kind" $deployment 2>/dev/null)
                      COMPREPLY=( $(compgen -W "$ids" -- "$cur") )
                      return 0
                    fi
                  fi
                  _complete_jls "$@"
                }

                complete -F _jls_complete -o default jls jls.sh jls.bash
                """)
                .formatted(
                        paths,
                        valueOptions,
                        deploymentSlots.isEmpty() ? "\"-\"" : String.join("|", deploymentSlots),
                        requestSlots.isEmpty() ? "\"-\"" : String.join("|", requestSlots),
                        String.join("|", CONNECTION_OPTIONS),
                        String.join(
                                "|",
                                CONNECTION_OPTIONS.stream().map(o -> o + "=*").toList()));
    }

    /** Every visible command under {@code spec}, by its path of names joined with {@code /}; the root is "". */
    private static void walk(CommandSpec spec, String path, Map<String, CommandSpec> into) {
        into.put(path, spec);
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            CommandSpec child = sub.getValue().getCommandSpec();
            if (!child.usageMessage().hidden() && sub.getKey().equals(child.name())) {
                walk(child, path.isEmpty() ? sub.getKey() : path + "/" + sub.getKey(), into);
            }
        }
    }
}
