package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpAndVersionTest {

    @TempDir
    Path config;

    @Test
    void versionNamesTheBuildAndWorksOnEveryCommand() {
        Cli.Result root = new Cli(config).run("--version");
        Cli.Result nested = new Cli(config).run("deploy", "create", "--version");

        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).startsWith("jls 0.1.0-SNAPSHOT").contains("Java");
        assertThat(nested.out()).isEqualTo(root.out());
    }

    @Test
    void helpListsTheCommandsTheGlobalOptionsAndTheExitCodes() {
        Cli.Result help = new Cli(config).run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains(
                        "deploy",
                        "submit",
                        "fetch",
                        "wait",
                        "cancel",
                        "chat",
                        "models",
                        "emulator",
                        "demo",
                        "bench",
                        "completion",
                        "profile");
        assertThat(help.out()).contains("--api-key", "--base-url", "--region", "--profile", "--output", "--verbose");
        assertThat(help.out()).contains("Exit codes:", "3", "authentication", "7", "network");
    }

    @Test
    void aSubcommandsHelpListsItsOwnOptionsAndNamesTheGlobalOnesInOneLine() {
        Cli.Result help = new Cli(config).run("deploy", "create", "--help");

        assertThat(help.out()).contains("--gpus-per-worker", "Exit codes:");
        assertThat(help.out())
                .contains("Global options: --api-key, --base-url, --region, --profile, -o/--output,")
                .doesNotContain("--api-key=KEY", "--base-url=URL", "--profile=NAME", "-o, --output")
                .doesNotContain("Connection:");
        assertThat(help.out().lines().count()).isLessThan(60);
    }

    @Test
    void theGlobalOptionsStillWorkOnASubcommand() {
        Cli.Result result = new Cli(config)
                .run("profile", "current", "--base-url", "http://127.0.0.1:9", "--api-key", "k", "-o", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Documents.parse(result.out()).path("target").asText()).isEqualTo("http://127.0.0.1:9");
    }

    @Test
    void helpWrapsBetweenWordsNeverInsideAToken() {
        for (String[] args :
                new String[][] {{"--help"}, {"deploy", "create", "--help"}, {"profile", "save", "--help"}}) {
            String help = new Cli(config).run(args).out();

            assertThat(help.lines())
                    .as(String.join(" ", args))
                    .allSatisfy(line -> assertThat(line)
                            // "e." of "e.g.", "profiles." of "profiles.json", "0." of "0.6B", "Qwen3-" or "Qwen/"
                            .doesNotMatch(".*(\\be\\.|profiles\\.|[0-9]\\.|[A-Za-z0-9][-/])$"));
        }
        assertThat(new Cli(config).run("deploy", "create", "--help").out()).contains("Qwen/Qwen3-0.6B");
    }

    @Test
    void globalOptionsMayComeAfterTheSubcommand() {
        Cli.Result result = new Cli(config).run("profile", "list", "-o", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(Documents.parse(result.out()).has("profiles")).isTrue();
    }

    @Test
    void completionScriptsCoverTheCommandTree() {
        Cli.Result bash = new Cli(config).run("completion", "bash");
        Cli.Result zsh = new Cli(config).run("completion", "zsh");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F").contains("deploy").contains("--gpus-per-worker");
        assertThat(zsh.out()).contains("bashcompinit").contains("--gpus-per-worker");
    }
}
