package dev.jls.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.junit.EmulatorApiKey;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jls ui}: where no browser can be opened, it prints a login address that works once. */
@JlsEmulatorTest(gpus = "H100:1")
class UiCommandTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path config;

    @Test
    void printsADashboardAddressThatLogsInOnce(@EmulatorBaseUrl String baseUrl, @EmulatorApiKey String apiKey)
            throws Exception {
        // a test has no terminal: the address is printed, not opened
        Cli.Result ui = new Cli(config).connectTo(baseUrl, apiKey).run("ui");
        assertThat(ui.exitCode()).as(ui.toString()).isZero();
        String url = ui.out().strip();
        assertThat(url).startsWith(baseUrl + "/ui/login?token=").doesNotContain(apiKey);

        HttpResponse<String> first = get(url);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        assertThat(get(url).statusCode()).isEqualTo(401);
    }

    @Test
    void aKeyTheEmulatorDoesNotKnowIsRefused(@EmulatorBaseUrl String baseUrl) {
        Cli.Result ui = new Cli(config).connectTo(baseUrl, "not-a-key").run("ui", "--print");
        assertThat(ui.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(ui.err()).contains("does not accept this profile's key");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
