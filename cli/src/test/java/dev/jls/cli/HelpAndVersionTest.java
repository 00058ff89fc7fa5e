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
    void everySubcommandInheritsTheGlobalOptionsAndTheExitCodes() {
        Cli.Result help = new Cli(config).run("deploy", "create", "--help");

        assertThat(help.out()).contains("--gpus-per-worker", "--api-key", "--output", "Exit codes:");
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
