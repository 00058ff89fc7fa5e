package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard over plain HTTP: sessions, one-time tokens, CSRF, escaping and assets. */
class DashboardHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final InProcessLauncher WORKERS = new InProcessLauncher();
    private static JlsEmulator emulator;
    private static RawHttp api;

    @BeforeAll
    static void start() {
        emulator = JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .addApiKey("http-key")
                        .addApiKey("other-key")
                        .gpus("H100:1"))
                .launcher(WORKERS)
                .build()
                .start();
        api = new RawHttp(emulator.baseUrl(), "http-key");
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void pagesWithoutASessionSendTheBrowserToTheLogin() {
        for (String path : new String[] {"/ui", "/ui/", "/ui/new", "/ui/d/dep-000000000000"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(path).hasValue("/ui/login");
        }
        assertThat(get("/ui/overview/live", null).statusCode()).isEqualTo(401);
        assertThat(post("/ui/new", null, "name=x", null).statusCode()).isEqualTo(401);
        assertThat(get("/ui/login", null).body()).contains("<label for=\"token\">");
    }

    @Test
    void aLoginTokenLogsInOnceWithAStrictHttpOnlyCookie() throws Exception {
        String path = tokenPath("http-key");
        HttpResponse<String> first = get(path, null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).hasValue("/ui");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("jls_session=").contains("HttpOnly").contains("SameSite=Strict");
        assertThat(get("/ui", session(cookie)).statusCode()).isEqualTo(200);

        HttpResponse<String> again = get(path, null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(get("/ui/login?token=not-a-token", null).statusCode()).isEqualTo(401);
        // the token route wants a key
        assertThat(RawHttp.json(new RawHttp(emulator.baseUrl(), "wrong").post("/_emulator/ui/token", ""))
                        .get("detail")
                        .asText())
                .isEqualTo("Invalid API key");
    }

    @Test
    void anApiKeyLogsInToo() {
        HttpResponse<String> r = post("/ui/login", null, "token=other-key", null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(post("/ui/login", null, "token=unknown-key", null).statusCode())
                .isEqualTo(401);
        // a login form posted from another site is refused
        assertThat(post("/ui/login", null, "token=other-key", "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSessionSeesAndTouchesItsOwnTenantsDeploymentsOnly() {
        String dep = RawHttp.json(
                        api.post(
                                "/management/create",
                                "{\"name\": \"not-for-others\", \"min_workers\": 0, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}"))
                .get("deployment_id")
                .asText();
        HttpResponse<String> login = post("/ui/login", null, "token=other-key", null);
        String theirs = session(login.headers().firstValue("Set-Cookie").orElseThrow());
        assertThat(get("/ui", theirs).body()).doesNotContain("not-for-others");
        assertThat(get("/ui/d/" + dep, theirs).statusCode()).isEqualTo(404);
        HttpResponse<String> delete = post("/ui/d/" + dep + "/delete", theirs, "csrf=" + csrf(theirs), null);
        assertThat(delete.statusCode()).isEqualTo(404);
        assertThat(api.get("/management/" + dep).statusCode()).isEqualTo(200);
    }

    @Test
    void formsFromAnotherSiteOrWithoutTheCsrfTokenAreRefused() throws Exception {
        String cookie = login();
        String csrf = csrf(cookie);
        String form = "name=csrf-check&model=m&min_workers=0&max_workers=1";
        assertThat(post("/ui/new", cookie, form, null).statusCode()).isEqualTo(403);
        assertThat(post("/ui/new", cookie, form + "&csrf=wrong", null).statusCode())
                .isEqualTo(403);
        assertThat(post("/ui/new", cookie, form + "&csrf=" + csrf, "http://evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/management/list").body()).doesNotContain("csrf-check");

        HttpResponse<String> made = post("/ui/new", cookie, form + "&csrf=" + csrf, emulator.baseUrl());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        assertThat(made.headers().firstValue("Location").orElseThrow()).startsWith("/ui/d/dep-");
        assertThat(api.get("/management/list").body()).contains("csrf-check");
    }

    @Test
    void aRefusedFieldGetsTheApisMessageNextToIt() throws Exception {
        String cookie = login();
        HttpResponse<String> refused =
                post("/ui/new", cookie, "name=refused&model=m&min_workers=3&max_workers=1&csrf=" + csrf(cookie), null);
        assertThat(refused.statusCode()).isEqualTo(422);
        String apiMessage = RawHttp.json(
                        api.post(
                                "/management/create",
                                "{\"name\": \"refused\", \"min_workers\": 3, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}"))
                .get("detail")
                .get(0)
                .get("msg")
                .asText();
        assertThat(refused.body())
                .contains("<p id=\"e-min_workers\" class=\"field-error\" role=\"alert\">" + apiMessage + "</p>")
                .contains("aria-describedby=\"e-min_workers\"");
    }

    @Test
    void theUpdateFormChangesWorkersOrShowsTheRefusalNextToItsField() throws Exception {
        String dep = RawHttp.json(
                        api.post(
                                "/management/create",
                                "{\"name\": \"to-update\", \"min_workers\": 0, \"max_workers\": 1, \"args\": {\"model\": \"m\"}}"))
                .get("deployment_id")
                .asText();
        String cookie = login();
        String csrf = csrf(cookie);
        HttpResponse<String> refused =
                post("/ui/d/" + dep + "/update", cookie, "min_workers=3&max_workers=1&csrf=" + csrf, null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("<p id=\"e-min_workers\" class=\"field-error\" role=\"alert\">");

        HttpResponse<String> saved = post(
                "/ui/d/" + dep + "/update",
                cookie,
                "min_workers=0&max_workers=3&idle_timeout=30&wait_time=20&csrf=" + csrf,
                null);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        var record = RawHttp.json(api.get("/management/" + dep));
        assertThat(record.toString())
                .contains("\"max_workers\":3")
                .contains("\"idle_timeout\":30")
                .contains("\"wait_time\":20");
    }

    @Test
    void aRequestCanBeCancelledFromItsPage() throws Exception {
        WORKERS.held = new java.util.concurrent.CountDownLatch(1);
        try {
            String dep = RawHttp.json(api.post(
                            "/management/create",
                            "{\"name\": \"to-cancel\", \"min_workers\": 1, \"max_workers\": 1,"
                                    + " \"args\": {\"model\": \"m\"}}"))
                    .get("deployment_id")
                    .asText();
            String rid = RawHttp.json(api.post(
                            "/deployment/" + dep + "/v1/chat/completions",
                            "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"hold\"}]}}"))
                    .get("id")
                    .asText();
            String cookie = login();
            String page = "/ui/d/" + dep + "/r/" + rid;
            Eventually.await(
                    Duration.ofSeconds(60),
                    "the request reaches its worker",
                    () -> get(page, cookie).body().contains("data-state=\"Processing\""));
            assertThat(get(page, cookie).body()).contains("Cancel request");
            HttpResponse<String> cancelled = post(page + "/cancel", cookie, "csrf=" + csrf(cookie), null);
            assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(303);
            assertThat(cancelled.headers().firstValue("Location")).hasValue(page);
            assertThat(RawHttp.json(api.get("/deployment/" + dep + "/" + rid))
                            .get("status")
                            .asText())
                    .isEqualTo("Cancelled");
            assertThat(get(page, cookie).body())
                    .contains("data-state=\"Cancelled\"")
                    .doesNotContain("Cancel request");
        } finally {
            WORKERS.held.countDown();
        }
    }

    @Test
    void namesAndModelsAreShownAsText() throws Exception {
        api.post(
                "/management/create",
                "{\"name\": \"<script>alert(1)</script>\", \"min_workers\": 0, \"max_workers\": 1,"
                        + " \"args\": {\"model\": \"<img src=x onerror=alert(2)>\"}}");
        String page = get("/ui", session(login())).body();
        assertThat(page)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>alert(1)")
                .doesNotContain("<img src=x");
    }

    @Test
    void theAssetsComeFromTheClasspath() {
        for (String asset : new String[] {"htmx.min.js", "sse.js", "uPlot.iife.min.js", "dashboard.js"}) {
            HttpResponse<String> r = get("/ui/assets/" + asset, null);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        }
        assertThat(get("/ui/assets/dashboard.css", null).headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
        assertThat(get("/ui/assets/nothing.js", null).statusCode()).isEqualTo(404);
    }

    private static String tokenPath(String key) {
        return RawHttp.json(new RawHttp(emulator.baseUrl(), key).post("/_emulator/ui/token", ""))
                .get("login_path")
                .asText();
    }

    /** A session cookie's {@code name=value}. */
    private static String login() {
        String set = get(tokenPath("http-key"), null)
                .headers()
                .firstValue("Set-Cookie")
                .orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static String session(String cookie) {
        return cookie.contains(";") ? cookie.substring(0, cookie.indexOf(';')) : cookie;
    }

    private static String csrf(String cookie) {
        Matcher m = CSRF.matcher(get("/ui/new", cookie).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path));
        if (cookie != null) {
            b.header("Cookie", session(cookie));
        }
        return send(b.GET().build());
    }

    private static HttpResponse<String> post(String path, String cookie, String form, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            b.header("Cookie", session(cookie));
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }
}
