package dev.jls.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code jls} talks about its command line: a usage error is one {@code error:} line, a suggestion
 * when a close name exists, and a pointer to {@code --help}; a subcommand's help lists its own options and
 * names the global ones in one line; help text wraps between words, never inside a token such as
 * {@code Qwen/Qwen3-0.6B} or {@code profiles.json}.
 */
final class Usage {

    /** Stand-ins for the characters after which picocli's line breaking would split a token. */
    private static final String BREAKING = ".-/,";

    private static final char FIRST_STAND_IN = '\uE000';

    private static final Pattern INVALID_VALUE = Pattern.compile("^Invalid value for option '([^']+)': ");

    private Usage() {}

    /** Installs the error handler and the help layout on {@code root} and all its subcommands. */
    static void install(CommandLine root) {
        root.setParameterExceptionHandler(Usage::error);
        root.setHelpFactory(Help::new);
        subcommandsOf(root).forEach(Usage::shortenSubcommandHelp);
    }

    private static List<CommandLine> subcommandsOf(CommandLine command) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
            all.add(sub);
            all.addAll(subcommandsOf(sub));
        }
        return all;
    }

    /** A subcommand's help leaves the connection footer to {@code jls --help}, which its option list names. */
    private static void shortenSubcommandHelp(CommandLine sub) {
        List<String> keys = new ArrayList<>(sub.getHelpSectionKeys());
        keys.remove(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
        keys.remove(UsageMessageSpec.SECTION_KEY_FOOTER);
        sub.setHelpSectionKeys(keys);
        Map<String, CommandLine.IHelpSectionRenderer> sections = sub.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> ((Help) help).ownOptionList());
        sub.setHelpSectionMap(sections);
    }

    /** A usage error: one line, a suggestion when there is a close name, and where the help is; exit 2. */
    static int error(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        Jls jls = (Jls) command.getCommandSpec().root().userObject();
        Output style = new Output(command.getOut(), err, OutputFormat.table, jls.terminal());
        String name = command.getCommandSpec().qualifiedName();
        err.println(style.red("error:") + " " + message(e, name));
        suggestion(e).ifPresent(s -> err.println("Did you mean " + s + "?"));
        err.println("Run '" + name + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String message(ParameterException e, String command) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                return "unknown option '" + arg + "' for '" + command + "'";
            }
            if (!e.getCommandLine().getSubcommands().isEmpty()) {
                return "unknown command '" + arg + "' for '" + command + "'";
            }
            return "unexpected argument '" + arg + "' for '" + command + "'";
        }
        return plain(e.getMessage());
    }

    /**
     * picocli's and the commands' wording made plain: "invalid value for --min-workers: ...", with a small
     * first letter like every other error line.
     */
    static String plain(String message) {
        String m = message == null ? "" : message.strip();
        Matcher invalid = INVALID_VALUE.matcher(m);
        if (invalid.find()) {
            m = "invalid value for " + invalid.group(1) + ": " + m.substring(invalid.end());
        }
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        return m;
    }

    /**
     * The closest subcommand or option to an unknown one, by edit distance (a swap of two neighbours
     * counting one), when it is close enough to be a typo: {@code lsit} gives {@code list}.
     */
    static Optional<String> suggestion(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String arg = unmatched.getUnmatched().get(0);
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> candidates = new ArrayList<>();
        if (arg.startsWith("-")) {
            arg = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            for (OptionSpec option : spec.options()) {
                candidates.addAll(List.of(option.names()));
            }
        } else {
            candidates.addAll(spec.subcommands().keySet());
        }
        int allowed = arg.replace("-", "").length() <= 4 ? 1 : 2;
        int best = Integer.MAX_VALUE;
        List<String> closest = new ArrayList<>();
        for (String candidate : candidates) {
            int d = distance(arg, candidate);
            if (d < best) {
                best = d;
                closest.clear();
            }
            if (d == best && !closest.contains(candidate)) {
                closest.add(candidate);
            }
        }
        if (best == 0 || best > allowed) {
            return Optional.empty();
        }
        String prefix = arg.startsWith("-") ? "" : spec.qualifiedName() + " ";
        return Optional.of(String.join(
                " or ", closest.stream().map(c -> "'" + prefix + c + "'").toList()));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Replaces the characters inside a token after which a line could break by private stand-ins. */
    static String protect(String text) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0; i < out.length() - 1; i++) {
            int which = BREAKING.indexOf(out.charAt(i));
            if (which >= 0 && !Character.isWhitespace(out.charAt(i + 1))) {
                out.setCharAt(i, (char) (FIRST_STAND_IN + which));
            }
        }
        return out.toString();
    }

    /** Puts back what {@link #protect} replaced. */
    static String restore(String text) {
        StringBuilder out = new StringBuilder(text);
        restore(out, 0);
        return out.toString();
    }

    private static void restore(StringBuilder text, int from) {
        for (int i = from; i < text.length(); i++) {
            int which = text.charAt(i) - FIRST_STAND_IN;
            if (which >= 0 && which < BREAKING.length()) {
                text.setCharAt(i, BREAKING.charAt(which));
            }
        }
    }

    /**
     * picocli's help with text wrapped between words only, and for a subcommand, its own options listed
     * and the global ones named in one line.
     */
    static final class Help extends CommandLine.Help {

        Help(CommandSpec spec, ColorScheme colorScheme) {
            super(spec, colorScheme);
        }

        /** Whether {@code option} is one of the root's, which every command accepts. */
        private boolean global(OptionSpec option) {
            if (option.inherited() || option.usageHelp() || option.versionHelp()) {
                return true;
            }
            return commandSpec().mixins().values().stream()
                    .anyMatch(m -> m.userObject() instanceof ApiKeyOption
                            && m.options().contains(option));
        }

        private List<OptionSpec> own() {
            if (commandSpec().parent() == null) {
                return commandSpec().options();
            }
            return commandSpec().options().stream()
                    .filter(o -> !global(o) && !o.hidden())
                    .toList();
        }

        String ownOptionList() {
            List<OptionSpec> own = own();
            Comparator<OptionSpec> order =
                    commandSpec().usageMessage().sortOptions() ? createShortOptionNameComparator() : null;
            String list = own.isEmpty()
                    ? ""
                    : optionListExcludingGroups(
                            own,
                            createDefaultLayout(own, commandSpec().positionalParameters(), colorScheme()),
                            order,
                            parameterLabelRenderer());
            List<String> globals = commandSpec().options().stream()
                    .filter(this::global)
                    .map(o -> String.join("/", o.names()))
                    .toList();
            if (globals.isEmpty()) {
                return list;
            }
            String line = "Global options: " + String.join(", ", globals) + "; see `jls --help`.";
            return list + wrap(new String[] {line});
        }

        @Override
        protected Text createDetailedSynopsisOptionsText(
                java.util.Collection<ArgSpec> done, Comparator<OptionSpec> optionSort, boolean clusterBooleanOptions) {
            return createDetailedSynopsisOptionsText(done, own(), optionSort, clusterBooleanOptions);
        }

        @Override
        public Layout createDefaultLayout(
                List<OptionSpec> options,
                List<CommandLine.Model.PositionalParamSpec> positionals,
                ColorScheme colorScheme) {
            Layout layout = super.createDefaultLayout(options, positionals, colorScheme);
            return new Layout(
                    colorScheme,
                    TokenTable.copyOf(layout.textTable(), colorScheme),
                    layout.optionRenderer(),
                    layout.parameterRenderer());
        }

        /** The exit codes' table. */
        @Override
        public TextTable createTextTable(Map<?, ?> map) {
            TextTable table = TokenTable.copyOf(super.createTextTable(map), colorScheme());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                table.addRowValues(
                        colorScheme().text(String.valueOf(entry.getKey())),
                        colorScheme().text(String.valueOf(entry.getValue())));
            }
            return table;
        }

        @Override
        public String description(Object... params) {
            return wrap(commandSpec().usageMessage().description(), params);
        }

        @Override
        public String footer(Object... params) {
            return wrap(commandSpec().usageMessage().footer(), params);
        }

        private String wrap(String[] lines, Object... params) {
            UsageMessageSpec usage = commandSpec().usageMessage();
            String[] protectedLines = new String[lines.length];
            for (int i = 0; i < lines.length; i++) {
                protectedLines[i] = protect(lines[i]);
            }
            return restore(join(
                            ansi(),
                            usage.width(),
                            usage.adjustLineBreaksForWideCJKCharacters(),
                            protectedLines,
                            new StringBuilder(),
                            params)
                    .toString());
        }
    }

    /** A text table whose plain cells wrap between words only. */
    static final class TokenTable extends TextTable {

        private final ColorScheme colorScheme;

        private TokenTable(ColorScheme colorScheme, CommandLine.Help.Column[] columns) {
            super(colorScheme, columns);
            this.colorScheme = colorScheme;
        }

        static TokenTable copyOf(TextTable table, ColorScheme colorScheme) {
            TokenTable copy = new TokenTable(colorScheme, table.columns());
            copy.indentWrappedLines = table.indentWrappedLines;
            copy.setAdjustLineBreaksForWideCJKCharacters(table.isAdjustLineBreaksForWideCJKCharacters());
            return copy;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            String plain = value.plainString();
            if (plain.equals(value.toString())) {
                // no styles to keep: the text can be rebuilt from its characters
                return super.putValue(row, col, colorScheme.ansi().new Text(protect(plain), colorScheme));
            }
            return super.putValue(row, col, value);
        }

        @Override
        public StringBuilder toString(StringBuilder text) {
            int from = text.length();
            super.toString(text);
            restore(text, from);
            return text;
        }
    }
}
