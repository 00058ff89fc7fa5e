package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
