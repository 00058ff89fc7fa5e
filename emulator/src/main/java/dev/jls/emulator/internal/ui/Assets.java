package dev.jls.emulator.internal.ui;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's scripts and styles under {@code /ui/assets/}, read from the classpath: htmx, its SSE
 * extension and uPlot from their webjars, the dashboard's own from {@code dev/jls/emulator/ui/}. Their
 * addresses carry the version, so browsers may keep them for a day.
 */
final class Assets {

    private static final String OWN = "dev/jls/emulator/ui/";
    private static final Map<String, String> WHERE = Map.of(
            "htmx.min.js", webjar("htmx.org", "dist/htmx.min.js"),
            "sse.js", webjar("htmx-ext-sse", "sse.js"),
            "uPlot.iife.min.js", webjar("uplot", "dist/uPlot.iife.min.js"),
            "uPlot.min.css", webjar("uplot", "dist/uPlot.min.css"),
            "dashboard.css", OWN + "dashboard.css",
            "dashboard.js", OWN + "dashboard.js");
    private static final String VERSION = version();
    /** Every asset, read once when the dashboard is made: an IO thread never reads the classpath. */
    private static final Map<String, byte[]> LOADED = loadAll();

    private Assets() {}

    /** The address of asset {@code name}. */
    static String url(String name) {
        if (!WHERE.containsKey(name)) {
            throw new IllegalArgumentException("no asset " + name);
        }
        return "/ui/assets/" + name + "?v=" + VERSION;
    }

    /** Answers {@code GET /ui/assets/NAME}: the asset, or 404. */
    static void serve(HttpServerExchange ex, String name) {
        byte[] bytes = LOADED.get(name);
        if (bytes == null) {
            ex.setStatusCode(404);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            ex.getResponseSender().send("no such asset");
            return;
        }
        ex.setStatusCode(200);
        ex.getResponseHeaders()
                .put(
                        Headers.CONTENT_TYPE,
                        name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=86400");
        ex.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        ex.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** Where webjar {@code artifact}'s file {@code path} lies, at the version on the classpath. */
    private static String webjar(String artifact, String path) {
        String props = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        Properties p = new Properties();
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) {
                throw new IllegalStateException("the webjar " + artifact + " is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + path;
    }

    /** Makes sure the assets are read; the dashboard calls it when it is made. */
    static void load() {
        // reading LOADED ran the static initialiser
    }

    private static Map<String, byte[]> loadAll() {
        Map<String, byte[]> loaded = new HashMap<>();
        WHERE.forEach((name, where) -> {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(where)) {
                if (in == null) {
                    throw new IllegalStateException("the dashboard's " + where + " is not on the classpath");
                }
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(loaded);
    }

    /** A version for the assets' addresses: every asset's changes with the emulator's. */
    private static String version() {
        Properties p = new Properties();
        try (InputStream in =
                Assets.class.getClassLoader().getResourceAsStream("dev/jls/emulator/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unversioned addresses are still right, only cached for a day across upgrades
        }
        return p.getProperty("version", "dev");
    }
}
