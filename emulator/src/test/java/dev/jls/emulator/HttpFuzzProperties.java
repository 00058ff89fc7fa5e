package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.RawSocket.Answer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random requests against one running emulator (no workers): whatever comes in, the answer is never
 * a 5xx, never a 2xx for an invalid request, and an error always carries a JSON body in its route's
 * shape; and the server still answers afterwards.
 */
class HttpFuzzProperties {

    static final String KEY = "key-of-the-fuzz";
    static final int LIMIT = 16 * 1024;
    static final String NO_DEPLOYMENT = RawHttp.NO_DEPLOYMENT;

    static JlsEmulator emulator;
    static RawHttp http;
    /** A deployment that never runs a worker, so that valid ids meet real routes. */
    static String deployment;

    @BeforeContainer
    static void start() {
        emulator = RawHttp.startBare(KEY, LIMIT);
        http = new RawHttp(emulator.baseUrl(), KEY);
        HttpResponse<String> created = http.post("/management/create", """
        {"name": "fuzz", "min_workers": 0, "max_workers": 1, "gpus_to_use": {"gpus": ["H100"]},
         "args": {"model": "Qwen/Qwen3-0.6B"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        deployment = RawHttp.json(created).get("deployment_id").asText();
    }

    @AfterContainer
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    // --- well-formed HTTP with random content, through a plain client ---

    @Property(tries = 250)
    void wellFormedRequestsGetAnHonestAnswer(
            @ForAll("methods") String method,
            @ForAll("paths") String path,
            @ForAll("bodies") String body,
            @ForAll("keys") String key) {
        // the one deployment stays as it is: changing or deleting it is valid, and answered 200
        Assume.that(!path.equals("/management/" + deployment) || !(method.equals("PATCH") || method.equals("DELETE")));
        HttpRequest.Builder b =
                new RawHttp(emulator.baseUrl(), key).builder(path).header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b);
        int status = r.statusCode();
        String what = method + " " + path + " key=" + key + " body=" + abbreviate(body) + " -> " + status + " "
                + abbreviate(r.body());
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
            assertHasErrorBody(path, r.body(), what);
        }
        if (status < 300) {
            // the only requests that may succeed: those that change nothing and read what exists
            assertThat(isHarmlessValidRead(method, path, key)).as(what).isTrue();
        }
    }

    // --- bytes that are not proper HTTP, through a raw socket ---

    @Property(tries = 200)
    void malformedRequestsGetAJsonErrorAndTheServerServesOn(@ForAll("rawRequests") String raw) {
        try (RawSocket socket = new RawSocket(emulator.port())) {
            socket.send(raw.getBytes(StandardCharsets.ISO_8859_1));
            Answer a = socket.read();
            String what = abbreviate(raw) + " -> " + a.status() + " " + abbreviate(a.body());
            assertThat(a.status()).as(what).isBetween(400, 499);
            String path = raw.split(" ", 3).length > 1 ? raw.split(" ", 3)[1] : "";
            assertHasErrorBody(path, a.body(), what);
        }
        assertThat(http.withKey(null).get("/healthz").statusCode()).isEqualTo(200);
    }

    /** Reads that may answer 2xx: they exist, and the key is the tenant's. */
    static boolean isHarmlessValidRead(String method, String path, String key) {
        if (path.equals("/healthz")) {
            return method.equals("GET");
        }
        if (!KEY.equals(key) || !method.equals("GET")) {
            return false;
        }
        return List.of(
                        "/metrics",
                        "/management/list",
                        "/management/" + deployment,
                        "/management/" + deployment + "/status",
                        "/openai/" + deployment + "/v1/models")
                .contains(path);
    }

    static void assertHasErrorBody(String path, String body, String what) {
        assertThat(body).as(what).isNotEmpty();
        JsonNode json;
        try {
            json = RawHttp.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + what, e);
        }
        if (path.startsWith("/openai/")) {
            assertThat(json.at("/error/message").isTextual()).as(what).isTrue();
        } else {
            assertThat(json.has("detail")).as(what).isTrue();
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS");
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(KEY)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.just(deployment == null ? NO_DEPLOYMENT : deployment),
                Arbitraries.just(NO_DEPLOYMENT),
                Arbitraries.strings()
                        .withChars("abcdef0123456789-_.~")
                        .ofMinLength(1)
                        .ofMaxLength(30));
        // inference routes never meet the real deployment: an acceptable body there would wake a worker
        Arbitrary<String> otherId = Arbitraries.oneOf(
                Arbitraries.just(NO_DEPLOYMENT),
                Arbitraries.strings()
                        .withChars("abcdef0123456789-_.~")
                        .ofMinLength(1)
                        .ofMaxLength(30));
        Arbitrary<String> rid = Arbitraries.oneOf(
                Arbitraries.just("req-" + "0".repeat(24)),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20));
        Arbitrary<String> query = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of(
                        "?wait=0",
                        "?wait=-1",
                        "?wait=x",
                        "?tail=x",
                        "?tail=-5",
                        "?a=%20b",
                        "?wait=99999999999999999999"));
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "/healthz",
                        "/metrics",
                        "/management/list",
                        "/management/create",
                        "/nowhere",
                        "/",
                        "/management",
                        "/openai",
                        "/deployment"),
                id.map(i -> "/management/" + i),
                id.map(i -> "/management/" + i + "/status"),
                Combinators.combine(id, rid, query).as((i, r, q) -> "/deployment/" + i + "/" + r + q),
                Combinators.combine(id, rid).as((i, r) -> "/deployment/" + i + "/" + r + "/cancel"),
                otherId.map(i -> "/deployment/" + i + "/v1/chat/completions"),
                otherId.map(i -> "/deployment/" + i + "/v1/completions"),
                otherId.map(i -> "/openai/" + i + "/v1/chat/completions"),
                otherId.map(i -> "/openai/" + i + "/v1/completions"),
                id.map(i -> "/openai/" + i + "/v1/models"));
    }

    /**
     * Bodies that the routes must refuse: not JSON, not an object, more than one value, fields of
     * the wrong type or unknown, too large. None of them makes a valid create or submit.
     */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.of(
                        "{",
                        "}",
                        "[",
                        "]",
                        ":",
                        ",",
                        "\"a\"",
                        "1",
                        "-0.5e9",
                        "null",
                        "true",
                        " ",
                        "{\"a\":",
                        "\"model\"",
                        "\"input\"",
                        "\"stream\"",
                        "\"name\"",
                        "\"idle_timeout\"",
                        "\"wait_time\"",
                        "\\u0000",
                        "\"\\ud800\"")
                .list()
                .ofMaxSize(30)
                .map(l -> String.join("", l));
        Arbitrary<String> trailing = Arbitraries.of(
                "{\"a\":1}{\"b\":2}", "{\"name\":\"x\"} 1", "{\"input\":{}} {}", "{\"model\":\"x\"}]", "{} x");
        Arbitrary<String> wrongTypes = Arbitraries.of(
                "{\"name\": 5}",
                "{\"idle_timeout\": \"x\"}",
                "{\"wait_time\": 1.5}",
                "{\"wait_time\": 99999999999}",
                "{\"colour\": \"blue\"}",
                "{\"max_workers\": 2}",
                "{\"input\": 3}",
                "{\"input\": null}",
                "{\"model\": 7}",
                "{\"model\": [1]}",
                "{\"args\": 1}",
                "{\"gpus_to_use\": \"H100\"}",
                "{\"env\": {\"A\": 1}}",
                "{\"name\": \"x\", \"args\": {\"model\": \"m\"}, \"min_workers\": -1}",
                "[]",
                "1",
                "\"s\"");
        Arbitrary<String> tooLarge = Arbitraries.integers()
                .between(LIMIT + 1, LIMIT + 5000)
                .map(n -> "{\"name\": \"" + "x".repeat(n) + "\"}");
        return Arbitraries.oneOf(
                Arbitraries.just(null), Arbitraries.just(""), noise, jsonish, trailing, wrongTypes, tooLarge);
    }

    /** Requests whose request line or headers are broken, or whose headers are too large. */
    @Provide
    Arbitrary<String> rawRequests() {
        Arbitrary<String> target = Arbitraries.oneOf(
                        Arbitraries.of("/management/", "/openai/", "/deployment/", "/healthz?x=", "/metrics?"),
                        Arbitraries.just("/"))
                .flatMap(prefix -> Arbitraries.oneOf(
                        Arbitraries.of("%ZZ", "%", "%4", "%G0", "a%zz/b", "%%").map(bad -> prefix + bad),
                        Arbitraries.of("\"", "<", ">", "\\", "^", "`", "{", "|", "}", "\u00e9", "\u0001")
                                .map(bad -> prefix + "x" + bad + "y")));
        Arbitrary<String> badEscapes =
                target.map(t -> "GET " + t + " HTTP/1.1\r\nHost: x\r\n" + "Authorization: Bearer " + KEY + "\r\n\r\n");
        Arbitrary<String> badHeaders = Arbitraries.of(
                        "no colon", "Bad Name: x", ": empty name", "X-Ctl: a\u0001b", "(x): y")
                .map(h -> "GET /management/list HTTP/1.1\r\nHost: x\r\n" + h + "\r\n\r\n");
        Arbitrary<String> bigHeaders = Arbitraries.integers()
                .between(65 * 1024, 200 * 1024)
                .map(n -> "GET /openai/x/v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(n) + "\r\n\r\n");
        Arbitrary<String> badLines = Arbitraries.of(
                        "G(T / HTTP/1.1", "GET  / HTTP/1.1", "GET / HTTP/1.1 extra", "GET /\tx HTTP/1.1")
                .map(l -> l + "\r\nHost: x\r\n\r\n");
        return Arbitraries.oneOf(badEscapes, badHeaders, bigHeaders, badLines);
    }
}
