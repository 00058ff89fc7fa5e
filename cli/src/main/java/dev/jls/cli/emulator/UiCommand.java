package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.cli.BaseCommand;
import dev.jls.cli.CommandFailure;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Jls;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jls ui}: opens the current emulator's dashboard, logged in with a one-time token that the
 * emulator makes for the profile's key, so that the key itself never goes into an address, a browser
 * history or a log.
 */
@Command(
        name = "ui",
        sortOptions = false,
        description = {
            "Open the emulator's dashboard in a browser, logged in as the current profile's key.",
            "Asks the emulator for a one-time login token (valid two minutes) with the profile's key, then"
                    + " opens <base URL>/ui/login?token=... with xdg-open (open on macOS). Where no browser can be"
                    + " opened (no terminal, no DISPLAY, no xdg-open) or with --print, prints that address instead.",
            "Examples:",
            "  jls ui",
            "  jls --profile emulator ui --print"
        })
public final class UiCommand extends BaseCommand {

    @Option(names = "--print", description = "Print the login address; open nothing.")
    boolean print;

    @Override
    protected int run() throws Exception {
        Jls.Connection c = jls().connection();
        String base = c.baseUrl()
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.USAGE,
                        "the dashboard is the emulator's: start one with `jls emulator start`, or choose its profile"
                                + " with --profile emulator"));
        String key = c.apiKey()
                .orElseThrow(() -> new CommandFailure(ExitCodes.AUTH, "no API key for " + base + ": pass --api-key"));
        String url = loginUrl(base, key);
        Optional<String> opener = print ? Optional.empty() : opener(jls().env());
        if (opener.isPresent() && open(opener.get(), url)) {
            output().line("Opened the dashboard in your browser (the login link works once, within two minutes).");
        } else {
            output().line(url);
            output().note("The link logs a browser in once, within two minutes; `jls ui` makes another.");
        }
        return ExitCodes.OK;
    }

    /** The dashboard's address with a new one-time login token for {@code key}'s tenant. */
    static String loginUrl(String base, String key) throws InterruptedException {
        return base.replaceAll("/+$", "") + loginPath(base, key);
    }

    /** Asks the emulator for a one-time login token: {@code POST /_emulator/ui/token}. */
    private static String loginPath(String base, String key) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + "/_emulator/ui/token"))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.ERROR,
                    "no emulator answers at " + base + " (" + e.getMessage()
                            + "): start one with `jls emulator start`");
        }
        if (response.statusCode() == 401) {
            throw new CommandFailure(ExitCodes.AUTH, "the emulator at " + base + " does not accept this profile's key");
        }
        if (response.statusCode() != 200) {
            throw new CommandFailure(
                    ExitCodes.ERROR,
                    base + " has no dashboard (HTTP " + response.statusCode() + "): is it a jls emulator?");
        }
        try {
            JsonNode body = new ObjectMapper().readTree(response.body());
            return body.get("login_path").asText();
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure(ExitCodes.ERROR, "the emulator's answer could not be read: " + e.getMessage());
        }
    }

    /** The program that opens an address in a browser here, if a browser can be opened at all. */
    static Optional<String> opener(Map<String, String> env) {
        if (System.console() == null) {
            return Optional.empty();
        }
        boolean mac = System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("mac");
        if (!mac && !env.containsKey("DISPLAY") && !env.containsKey("WAYLAND_DISPLAY")) {
            return Optional.empty();
        }
        String program = mac ? "open" : "xdg-open";
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, program).canExecute()) {
                return Optional.of(new File(dir, program).getPath());
            }
        }
        return Optional.empty();
    }

    private static boolean open(String opener, String url) {
        try {
            Process p = new ProcessBuilder(opener, url)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
