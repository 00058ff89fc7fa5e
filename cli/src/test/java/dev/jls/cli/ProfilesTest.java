package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @TempDir
    Path config;

    private Jls jls(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JLS_CONFIG_DIR", config.toString());
        return new Jls(all, Terminal.none());
    }

    @Test
    void savedProfilesAreKeptInAFileOnlyTheOwnerCanRead() throws Exception {
        Cli.Result saved = new Cli(config)
                .run(
                        "profile",
                        "save",
                        "prod",
                        "--api-key",
                        "secret-key-123",
                        "--base-url",
                        "http://example.test:9000/",
                        "--region",
                        "in1");

        assertThat(saved.exitCode()).as(saved.toString()).isZero();
        Path file = config.resolve("profiles.json");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        JsonNode json = Documents.parse(Files.readString(file));
        assertThat(json.at("/profiles/prod/api_key").asText()).isEqualTo("secret-key-123");
        assertThat(json.at("/profiles/prod/region").asText()).isEqualTo("IN1");

        Cli.Result listed = new Cli(config).run("profile", "list");
        assertThat(listed.out())
                .contains("prod")
                .contains("http://example.test:9000/")
                .doesNotContain("secret-key-123");

        Cli.Result asJson = new Cli(config).run("profile", "list", "-o", "json");
        JsonNode doc = Documents.parse(asJson.out());
        assertThat(doc.at("/profiles/prod/api_key").asText()).doesNotContain("secret-key");

        assertThat(new Cli(config).run("profile", "delete", "prod").exitCode()).isZero();
        assertThat(new Cli(config).run("profile", "delete", "prod").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void flagsBeatTheNamedProfileWhichBeatsTheEnvironment() {
        jls(Map.of()).profiles().save("p", Profile.of("http://profile", "profile-key", null));

        Jls.Connection fromProfile =
                connection(Map.of("JL_API_KEY", "env-key", "JLS_BASE_URL", "http://env"), "--profile", "p");
        assertThat(fromProfile.apiKey()).contains("profile-key");
        assertThat(fromProfile.baseUrl()).contains("http://profile");

        Jls.Connection flagged = connection(Map.of("JL_API_KEY", "env-key"), "--profile", "p", "--api-key", "flag-key");
        assertThat(flagged.apiKey()).contains("flag-key");
        assertThat(flagged.baseUrl()).contains("http://profile");

        Jls.Connection fromEnvProfile = connection(Map.of("JLS_PROFILE", "p"));
        assertThat(fromEnvProfile.apiKey()).contains("profile-key");
    }

    @Test
    void theEmulatorProfileIsTheFallbackWhenNothingElseGivesAKey() {
        jls(Map.of()).profiles().save("emulator", Profile.of("http://127.0.0.1:8765", "emu-key", null));

        Jls.Connection fallback = connection(Map.of());
        assertThat(fallback.apiKey()).contains("emu-key");
        assertThat(fallback.baseUrl()).contains("http://127.0.0.1:8765");
        assertThat(fallback.source()).isEqualTo("profile emulator");

        Jls.Connection env = connection(Map.of("JL_API_KEY", "hosted-key"));
        assertThat(env.apiKey()).contains("hosted-key");
        assertThat(env.baseUrl()).isEmpty();

        jls(Map.of()).profiles().save("default", Profile.of("http://default", "default-key", null));
        assertThat(connection(Map.of()).apiKey()).contains("default-key");
    }

    @Test
    void theCurrentProfileBeatsTheEnvironmentUnlessAFlagOrANamedProfileChoosesAnotherTarget() {
        ProfileStore store = jls(Map.of()).profiles();
        store.save("emulator", Profile.of("http://127.0.0.1:8765", "emu-key", null));
        store.save("p", Profile.of("http://profile", "profile-key", null));
        assertThat(new Cli(config).run("profile", "use", "emulator").exitCode()).isZero();
        Map<String, String> hostedKey = Map.of("JL_API_KEY", "hosted-key", "JLS_BASE_URL", "http://env");

        // what `jls emulator start` leaves: an exported hosted key no longer sends commands elsewhere
        Jls.Connection current = connection(hostedKey);
        assertThat(current.apiKey()).contains("emu-key");
        assertThat(current.baseUrl()).contains("http://127.0.0.1:8765");
        assertThat(current.source()).isEqualTo("profile emulator, current");
        assertThat(current.describe()).isEqualTo("http://127.0.0.1:8765 (profile emulator, current)");

        Jls.Connection named = connection(hostedKey, "--profile", "p");
        assertThat(named.apiKey()).contains("profile-key");
        assertThat(named.targetSource()).isEqualTo("profile p, --profile");

        // --region names the hosted service: the emulator's URL and key stay out of it
        Jls.Connection hosted = connection(Map.of("JL_API_KEY", "hosted-key"), "--region", "IN1");
        assertThat(hosted.baseUrl()).isEmpty();
        assertThat(hosted.apiKey()).contains("hosted-key");
        assertThat(hosted.describe())
                .isEqualTo("https://serverlessc.jarvislabs.net (hosted IN1; --region; key: $JL_API_KEY)");
    }

    @Test
    void profileUseMarksTheCurrentOneAndDeletingItUnsetsIt() {
        new Cli(config).run("profile", "save", "a", "--base-url", "http://a", "--api-key", "key-aaaaaaaa");
        new Cli(config).run("profile", "save", "b", "--region", "IN2");

        Cli.Result unknown = new Cli(config).run("profile", "use", "c");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("no profile 'c'").contains("a, b");

        Cli.Result use = new Cli(config).run("profile", "use", "a");
        assertThat(use.exitCode()).as(use.toString()).isZero();
        assertThat(use.out()).contains("http://a (profile a, current)");
        assertThat(new Cli(config).run("profile", "list").out().lines())
                .anySatisfy(line -> assertThat(line).matches("\\*\\s+a\\s+http://a.*"))
                .anySatisfy(line -> assertThat(line).matches("\\s+b\\s+\\(hosted\\).*"));
        JsonNode json = Documents.parse(
                new Cli(config).run("profile", "list", "-o", "json").out());
        assertThat(json.path("current").asText()).isEqualTo("a");
        assertThat(json.at("/profiles/a/current").asBoolean()).isTrue();
        assertThat(json.at("/profiles/b/current").asBoolean()).isFalse();

        Cli.Result deleted = new Cli(config).run("profile", "delete", "a");
        assertThat(deleted.out()).contains("No profile is current now");
        assertThat(Documents.parse(new Cli(config)
                                .run("profile", "list", "-o", "json")
                                .out())
                        .path("current")
                        .isNull())
                .isTrue();
    }

    @Test
    void profileCurrentShowsTheTargetAndWhereEachSettingComesFrom() {
        new Cli(config).run("profile", "save", "emulator", "--base-url", "http://127.0.0.1:8765", "--api-key", "k");
        new Cli(config).run("profile", "use", "emulator");

        Cli.Result shown = new Cli(config).env("JL_API_KEY", "hosted-key").run("profile", "current");
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out())
                .contains("target:  http://127.0.0.1:8765  from profile emulator, current")
                .contains("current profile: emulator");

        JsonNode hosted = Documents.parse(new Cli(config)
                .env("JL_API_KEY", "hosted-key-123")
                .run("--region", "IN2", "profile", "current", "-o", "json")
                .out());
        assertThat(hosted.path("hosted").asBoolean()).isTrue();
        assertThat(hosted.path("target").asText()).isEqualTo("https://serverlessn.jarvislabs.net");
        assertThat(hosted.path("target_source").asText()).isEqualTo("--region");
        assertThat(hosted.path("api_key_source").asText()).isEqualTo("$JL_API_KEY");
        assertThat(hosted.path("api_key").asText()).doesNotContain("hosted-key");
    }

    @Test
    void verboseNamesTheTargetOnStandardError() {
        new Cli(config).run("profile", "save", "emulator", "--base-url", "http://127.0.0.1:1", "--api-key", "k");
        new Cli(config).run("profile", "use", "emulator");

        Cli.Result result = new Cli(config).env("JL_API_KEY", "hosted-key").run("deploy", "list", "-v");

        assertThat(result.err().lines().findFirst()).contains("target: http://127.0.0.1:1 (profile emulator, current)");
        // the error still names the URL it could not reach
        assertThat(result.err()).contains("no emulator answers at http://127.0.0.1:1");
    }

    @Test
    void aHostedCreateOrDeleteThatOnlyTheEnvironmentKeyChoseIsRefusedWhileAnEmulatorProfileExists() {
        new Cli(config).run("profile", "save", "emulator", "--base-url", "http://127.0.0.1:1", "--api-key", "k");

        Cli.Result create = new Cli(config).env("JL_API_KEY", "hosted-key").run("deploy", "create", "--model", "m");
        Cli.Result delete = new Cli(config).env("JL_API_KEY", "hosted-key").run("deploy", "delete", "dep-1");

        for (Cli.Result refused : List.of(create, delete)) {
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err())
                    .startsWith("error: not sending 'deploy ")
                    .contains("$JL_API_KEY")
                    .contains("--profile emulator")
                    .contains("--region")
                    .contains("jls profile use NAME");
            assertThat(refused.err().lines()).hasSize(1);
        }
        // once a target is chosen, nothing is refused: the current emulator profile is asked (and is down)
        new Cli(config).run("profile", "use", "emulator");
        Cli.Result chosen = new Cli(config).env("JL_API_KEY", "hosted-key").run("deploy", "create", "--model", "m");
        assertThat(chosen.exitCode()).as(chosen.toString()).isEqualTo(ExitCodes.NETWORK);
    }

    @Test
    void theKeyJlSetupSavedComesLastAfterEveryOtherSource(@TempDir Path home) throws Exception {
        Path jlConfig = home.resolve(".config/jl/config.toml");
        Files.createDirectories(jlConfig.getParent());
        Files.writeString(jlConfig, "[auth]\ntoken = \"jl-key\"\n");
        Map<String, String> withHome = Map.of("HOME", home.toString());

        Jls.Connection last = connection(withHome);
        assertThat(last.apiKey()).contains("jl-key");
        assertThat(last.baseUrl()).isEmpty();
        assertThat(last.source()).contains(jlConfig.toString());

        Map<String, String> withEnvKey = new java.util.HashMap<>(withHome);
        withEnvKey.put("JL_API_KEY", "env-key");
        assertThat(connection(withEnvKey).apiKey()).contains("env-key");
        assertThat(connection(withHome, "--api-key", "flag-key").apiKey()).contains("flag-key");

        jls(Map.of()).profiles().save("emulator", Profile.of("http://127.0.0.1:8765", "emu-key", null));
        assertThat(connection(withHome).apiKey()).contains("emu-key");

        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("jl"));
        Files.writeString(xdg.resolve("jl/config.toml"), "[auth]\ntoken = 'xdg-key'\n");
        jls(Map.of()).profiles().delete("emulator");
        assertThat(connection(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", xdg.toString()))
                        .apiKey())
                .contains("xdg-key");
    }

    @Test
    void aBrokenJlConfigFileIsAnAuthenticationErrorNamingIt(@TempDir Path home) throws Exception {
        Path jlConfig = home.resolve(".config/jl/config.toml");
        Files.createDirectories(jlConfig.getParent());
        Files.writeString(jlConfig, "[auth]\ntoken = \"unterminated\n");

        Cli.Result result = new Cli(config).env("HOME", home.toString()).run("deploy", "list");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains(jlConfig + ": line 2:");
    }

    @Test
    void theConfigDirectoryFollowsXdgWhenNotGiven() {
        assertThat(ConfigDir.resolve(Map.of("XDG_CONFIG_HOME", "/x")).path()).isEqualTo(Path.of("/x/jls"));
        assertThat(ConfigDir.resolve(Map.of("JLS_CONFIG_DIR", "/c", "XDG_CONFIG_HOME", "/x"))
                        .path())
                .isEqualTo(Path.of("/c"));
        assertThat(ConfigDir.resolve(Map.of()).path())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "jls"));
    }

    private Jls.Connection connection(Map<String, String> env, String... globalArgs) {
        Jls jls = jls(env);
        String[] args = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(globalArgs), java.util.stream.Stream.of("profile", "list"))
                .toArray(String[]::new);
        new picocli.CommandLine(jls).parseArgs(args);
        return jls.connection();
    }
}
