package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines: exit code 2 and a message naming the flag, before anything is sent. */
class UsageErrorsTest {

    @TempDir
    Path config;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "deploy list --bogus                              | --bogus",
                "--region XX1 deploy list                         | --region",
                "-o yaml deploy list                              | --output",
                "deploy create --name x                           | --model",
                "deploy create --model m --min-workers lots       | --min-workers",
                "deploy create --model m --arg nokeyvalue         | --arg",
                "deploy create --model m --timeout soon           | --timeout",
                "chat dep-1 hi --temperature -1                   | --temperature",
                "chat dep-1 hi --top-p 1.5                        | --top-p",
                "chat dep-1 hi --max-tokens 0                     | --max-tokens",
                "bench dep-1 --request-rate fast                  | --request-rate",
                "bench dep-1 --concurrency 0                      | --concurrency",
                "bench                                            | --openai-base-url",
                "deploy update dep-1                              | --idle-timeout",
                "completion fish                                  | fish",
                "deploy logs dep-1 --tail -3                      | --tail",
                "fetch dep-1                                      | REQUEST",
            })
    void badFlagsAndValuesAreUsageErrorsNamingTheFlag(String args, String named) {
        Cli.Result result = new Cli(config)
                .connectTo("http://127.0.0.1:1", "k")
                .run(args.trim().split("\\s+"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).as(result.toString()).contains(named);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBadDeploymentSpecValueNamesItsFlag() {
        Cli.Result result = new Cli(config)
                .connectTo("http://127.0.0.1:1", "k")
                .run("deploy", "create", "--model", "m", "--min-workers", "3", "--max-workers", "2");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--min-workers").doesNotContain("min_workers:");
    }

    @Test
    void noCommandPrintsTheCommandsAndSucceeds() {
        // `jls` alone is how a newcomer starts: the list of commands, not an error
        Cli.Result result = new Cli(config).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("Usage: jls").contains("deploy", "emulator", "jls --help");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aUsageErrorIsOneLineAndWhereTheHelpIs() {
        Cli.Result result = new Cli(config).connectTo("http://127.0.0.1:1", "k").run("deploy", "create");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines())
                .containsExactly(
                        "error: missing required option: '--model=MODEL'", "Run 'jls deploy create --help' for usage.");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aBadValueSaysWhichFlagWithoutRepeatingTheWordOption() {
        Cli.Result result = new Cli(config).run("deploy", "create", "--model", "m", "--min-workers", "lots");

        assertThat(result.err().lines().findFirst())
                .contains("error: invalid value for --min-workers: 'lots' is not an int");
    }

    @Test
    void aMisspelledCommandSuggestsTheCloseOneOnly() {
        Cli.Result swapped = new Cli(config).run("deploy", "lsit");

        assertThat(swapped.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(swapped.err().lines())
                .containsExactly(
                        "error: unknown command 'lsit' for 'jls deploy'",
                        "Did you mean 'jls deploy list'?",
                        "Run 'jls deploy --help' for usage.");

        Cli.Result option = new Cli(config).run("deploy", "logs", "dep-1", "--tial", "3");
        assertThat(option.err()).contains("unknown option '--tial'").contains("Did you mean '--tail'?");

        Cli.Result nothingClose = new Cli(config).run("frobnicate");
        assertThat(nothingClose.err())
                .contains("unknown command 'frobnicate' for 'jls'")
                .doesNotContain("Did you mean");
    }

    @Test
    void aGroupWithoutItsSubcommandIsAUsageErrorNamingThem() {
        Cli.Result result = new Cli(config).run("deploy");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().lines())
                .containsExactly(
                        "error: missing command: choose one of create, list, get, status, update, delete, logs, wait",
                        "Run 'jls deploy --help' for usage.");
    }

    @Test
    void withoutAnApiKeyTheExitCodeIsAuth() {
        Cli.Result result = new Cli(config).run("deploy", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("no API key").contains("--api-key").contains("JL_API_KEY");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void anUnreachableServerIsANetworkErrorOnOneLine() {
        Cli.Result result = new Cli(config).connectTo("http://127.0.0.1:1", "k").run("deploy", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err()).startsWith("error: ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result result = new Cli(config).connectTo("http://127.0.0.1:1", "k").run("deploy", "list", "-v");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(result.err().lines().count()).isGreaterThan(3);
        assertThat(result.err()).contains("\tat ");
    }

    @Test
    void anUnknownProfileIsNotFoundListingTheKnownOnes() {
        new Cli(config).run("profile", "save", "prod", "--api-key", "abc", "--base-url", "http://h");

        Cli.Result result = new Cli(config).run("--profile", "nope", "deploy", "list");

        // docs/cli.md: 4 is "no such deployment, request or profile", as `profile delete nope` answers
        assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("no profile 'nope'").contains("prod");
    }

    @Test
    void submitWithoutInputSaysWhatToGive() {
        Cli.Result result = new Cli(config).connectTo("http://127.0.0.1:1", "k").run("submit", "dep-1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("-m").contains("--file");
    }

    @Test
    void submitWithAMissingFileNamesTheFlag() {
        Cli.Result result = new Cli(config)
                .connectTo("http://127.0.0.1:1", "k")
                .run("submit", "dep-1", "--file", config.resolve("absent.json").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--file").contains("no such file");
    }

    @Test
    void submitWithMalformedJsonOnStdinNamesTheFlag() {
        Cli.Result result = new Cli(config)
                .connectTo("http://127.0.0.1:1", "k")
                .stdin("{not json")
                .run("submit", "dep-1", "--file", "-");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--file").contains("JSON");
    }
}
