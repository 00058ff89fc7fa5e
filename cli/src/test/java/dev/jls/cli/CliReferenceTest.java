package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/cli.md cannot drift from the code: its reference part is picocli's own help for every command,
 * and this test fails when they differ. Run with {@code -Djls.docs.update=true} to rewrite that part.
 */
class CliReferenceTest {

    static final String BEGIN = "<!-- reference:begin (generated from the code by CliReferenceTest; do not edit) -->";
    static final String END = "<!-- reference:end -->";

    static Path docs() {
        return Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("cli.md");
    }

    @Test
    void theReferenceInDocsIsTheHelpOfEveryCommand() throws IOException {
        String expected = reference();
        Path file = docs();
        String text = Files.exists(file) ? Files.readString(file) : "";
        if (Boolean.getBoolean("jls.docs.update")) {
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            String updated = begin >= 0 && end > begin
                    ? text.substring(0, begin) + expected + text.substring(end + END.length())
                    : text + "\n" + expected + "\n";
            Files.writeString(file, updated);
            text = updated;
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("docs/cli.md has the reference markers").isGreaterThanOrEqualTo(0);
        assertThat(end).isGreaterThan(begin);
        assertThat(text.substring(begin, end + END.length()))
                .as("docs/cli.md's reference is out of date; run: mvn -o -q -pl cli test -Dtest=CliReferenceTest"
                        + " -Djls.docs.update=true")
                .isEqualTo(expected);
    }

    @Test
    void theGuidePartMentionsEveryCommandAndEveryOption() throws IOException {
        String text = Files.readString(docs());
        String guide = text.substring(0, text.indexOf(BEGIN));
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            assertThat(guide).as("the guide mentions `%s`", command.getKey()).contains(command.getKey());
        }
        for (String exit : new String[] {"| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 5 |", "| 6 |", "| 7 |"}) {
            assertThat(guide).as("the guide's exit code table").contains(exit);
        }
        List<String> options = new ArrayList<>();
        for (CommandLine command : commands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                options.add(option.longestName());
            }
        }
        assertThat(text).contains(options);
    }

    @Test
    void theInstallStepsMakeTheDirectoryTheyLinkInto() throws IOException {
        Path root = docs().getParent().getParent();
        for (Path file :
                List.of(root.resolve("README.md"), docs(), root.resolve("docs").resolve("getting-started.md"))) {
            String text = Files.readString(file);
            assertThat(text).as(file.toString()).contains("~/.local/bin/jls");
            assertThat(text.indexOf("mkdir -p ~/.local/bin"))
                    .as("%s makes ~/.local/bin before linking into it (a fresh machine has none)", file)
                    .isNotNegative()
                    .isLessThan(text.indexOf("~/.local/bin/jls"));
        }
    }

    /** Every command by its full name, e.g. "jls deploy create", in declaration order, as `jls` shows it. */
    static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new java.util.LinkedHashMap<>();
        collect(Jls.commandLine(new Jls(Map.of(), Terminal.none())), all);
        return all;
    }

    private static void collect(CommandLine command, Map<String, CommandLine> into) {
        into.put(command.getCommandSpec().qualifiedName(), command);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!into.containsKey(sub.getCommandSpec().qualifiedName())) {
                collect(sub, into);
            }
        }
    }

    static String reference() {
        StringBuilder doc = new StringBuilder(BEGIN).append("\n\n## Reference\n");
        for (Map.Entry<String, CommandLine> entry : commands().entrySet()) {
            CommandLine command = entry.getValue();
            command.setUsageHelpAutoWidth(false);
            command.setUsageHelpWidth(100);
            CommandSpec spec = command.getCommandSpec();
            List<String> sections = new ArrayList<>(command.getHelpSectionKeys());
            if (spec.parent() != null) {
                // Shared by every command: shown once, under `jls`.
                sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
                sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
                sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
                sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER);
            }
            command.setHelpSectionKeys(sections);
            doc.append("\n### `")
                    .append(entry.getKey())
                    .append("`\n\n```text\n")
                    .append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
                    .append("\n```\n");
        }
        return doc.append('\n').append(END).toString();
    }
}
