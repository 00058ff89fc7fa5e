package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jls.emulator.RawSocket.Answer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits of the emulator's HTTP layer: body size on every route, what Undertow's parser refuses,
 * slow clients, and bodies that are more than one JSON value. No deployment has a worker.
 */
class HttpLimitsTest {

    static final String KEY = "key-of-the-limits-test";
    static final int LIMIT = 64 * 1024;
    static final String NO_DEPLOYMENT = RawHttp.NO_DEPLOYMENT;

    static JlsEmulator emulator;
    static RawHttp http;
    /** Timeouts far below the defaults, so that the server gives up on slow clients quickly. */
    static JlsEmulator impatient;

    static InProcessLauncher launcher;

    @BeforeAll
    static void start() {
        emulator = RawHttp.startBare(KEY, LIMIT);
        http = new RawHttp(emulator.baseUrl(), KEY);
        launcher = new InProcessLauncher();
        impatient = JlsEmulator.builder()
                .options(new EmulatorOptions()
                        .addApiKey(KEY)
                        .gpus("H100:1")
                        .maxBodySize(LIMIT)
                        .headerTimeout(Duration.ofMillis(500))
                        .bodyTimeout(Duration.ofMillis(500))
                        .keepAliveTimeout(Duration.ofMillis(500)))
                .launcher(launcher)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (impatient != null) {
            impatient.close();
        }
    }

    /** A JSON object of exactly {@code size} bytes: {@code {"name": "aaa…"}}. */
    static byte[] objectOfSize(String field, int size) {
        String open = "{\"" + field + "\": \"";
        String close = "\"}";
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        byte[] o = open.getBytes(StandardCharsets.US_ASCII);
        byte[] c = close.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(o, 0, body, 0, o.length);
        System.arraycopy(c, 0, body, size - c.length, c.length);
        return body;
    }

    static JsonNode json(String body) {
        try {
            return RawHttp.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: '" + body + "'", e);
        }
    }

    static String request(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + "Authorization: Bearer " + KEY + "\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    // --- body size ---

    @Test
    void aBodyAtTheLimitIsReadAndOneByteMoreIs413OnEveryRoute() {
        String[][] routes = {
            {"PATCH", "/management/" + NO_DEPLOYMENT, "name", "404"},
            {"POST", "/deployment/" + NO_DEPLOYMENT + "/v1/chat/completions", "input", "422"},
            {"POST", "/openai/" + NO_DEPLOYMENT + "/v1/chat/completions", "model", "404"},
            {"POST", "/management/create", "name", "422"},
        };
        for (String[] r : routes) {
            HttpResponse<String> atLimit = http.send(http.builder(r[1])
                    .method(r[0], java.net.http.HttpRequest.BodyPublishers.ofByteArray(objectOfSize(r[2], LIMIT))));
            assertThat(atLimit.statusCode()).as(r[1] + " " + atLimit.body()).isEqualTo(Integer.parseInt(r[3]));
            HttpResponse<String> over = http.send(http.builder(r[1])
                    .method(r[0], java.net.http.HttpRequest.BodyPublishers.ofByteArray(objectOfSize(r[2], LIMIT + 1))));
            assertThat(over.statusCode()).as(r[1]).isEqualTo(413);
            JsonNode error = RawHttp.json(over);
            if (r[1].startsWith("/openai/")) {
                assertThat(error.at("/error/message").asText()).contains("larger than the limit");
                assertThat(error.at("/error/code").asInt()).isEqualTo(413);
            } else {
                assertThat(error.get("detail").asText()).contains("larger than the limit of " + LIMIT);
            }
        }
        // a route that reads no body still holds to the limit
        HttpResponse<String> health = http.send(http.builder("/healthz")
                .method("GET", java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])));
        assertThat(health.statusCode()).isEqualTo(413);
        assertThat(RawHttp.json(health).has("detail")).isTrue();
    }

    @Test
    void aBodyPastUndertowsOwnDefaultLimitIsMeasuredAgainstOurs() {
        int limit = 3 * 1024 * 1024;
        try (JlsEmulator big = JlsEmulator.builder()
                .options(new EmulatorOptions().addApiKey(KEY).gpus("H100:1").maxBodySize(limit))
                .build()
                .start()) {
            RawHttp bigHttp = new RawHttp(big.baseUrl(), KEY);
            HttpResponse<String> atLimit = bigHttp.method(
                    "PATCH",
                    "/management/" + NO_DEPLOYMENT,
                    new String(objectOfSize("name", limit), StandardCharsets.US_ASCII));
            assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(404);
            assertThat(RawHttp.json(atLimit).get("detail").asText()).contains("not found");

            try (RawSocket socket = new RawSocket(big.port())) {
                socket.send(request(
                        "PATCH",
                        "/management/" + NO_DEPLOYMENT,
                        "Content-Length: " + (limit + 1),
                        "Content-Type: application/json"));
                socket.send(objectOfSize("name", limit + 1));
                Answer over = socket.read();
                assertThat(over.status()).isEqualTo(413);
                assertThat(json(over.body()).get("detail").asText()).contains("larger than the limit");
                socket.send(request("GET", "/healthz"));
                assertThat(socket.read().status()).isEqualTo(200);
            }
            try (RawSocket socket = new RawSocket(big.port())) {
                socket.send(request(
                        "PATCH",
                        "/management/" + NO_DEPLOYMENT,
                        "Transfer-Encoding: chunked",
                        "Content-Type: application/json"));
                socket.send(chunked(objectOfSize("name", limit + 1), 64 * 1024));
                Answer over = socket.read();
                assertThat(over.status()).isEqualTo(413);
                assertThat(json(over.body()).get("detail").asText()).contains("larger than the limit");
                socket.send(request("GET", "/healthz"));
                assertThat(socket.read().status()).isEqualTo(200);
            }
        }
    }

    static byte[] chunked(byte[] body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void overTheLimitWithContentLengthOrChunkedIs413AndTheConnectionServesOn() {
        for (boolean isChunked : new boolean[] {false, true}) {
            try (RawSocket socket = new RawSocket(emulator.port())) {
                byte[] body = objectOfSize("model", LIMIT + 1);
                String path = "/openai/" + NO_DEPLOYMENT + "/v1/completions";
                if (isChunked) {
                    socket.send(request("POST", path, "Transfer-Encoding: chunked"));
                    socket.send(chunked(body, 1000));
                } else {
                    socket.send(request("POST", path, "Content-Length: " + body.length));
                    socket.send(body);
                }
                Answer over = socket.read();
                assertThat(over.status()).as("chunked " + isChunked).isEqualTo(413);
                assertThat(json(over.body()).at("/error/type").asText()).isEqualTo("BadRequestError");

                // exactly at the limit, on the same connection
                byte[] atLimit = objectOfSize("model", LIMIT);
                if (isChunked) {
                    socket.send(request("POST", path, "Transfer-Encoding: chunked"));
                    socket.send(chunked(atLimit, 1000));
                } else {
                    socket.send(request("POST", path, "Content-Length: " + atLimit.length));
                    socket.send(atLimit);
                }
                Answer at = socket.read();
                assertThat(at.status())
                        .as("chunked " + isChunked + ": " + at.body())
                        .isEqualTo(404);
                assertThat(json(at.body()).at("/error/type").asText()).isEqualTo("NotFoundError");
            }
        }
    }

    // --- what Undertow's parser refuses ---

    @Test
    void aMalformedEscapeInThePathOrQueryIsAJson400() {
        String[][] cases = {
            {"/management/%ZZ", "detail"},
            {"/deployment/" + NO_DEPLOYMENT + "/req-1?wait=%ZZ", "detail"},
            {"/openai/%ZZ/v1/models", "error"},
            {"/management/list?x=%4", "detail"},
        };
        for (String[] c : cases) {
            try (RawSocket socket = new RawSocket(emulator.port())) {
                socket.send(request("GET", c[0]));
                Answer answer = socket.read();
                assertThat(answer.status()).as(c[0]).isEqualTo(400);
                assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
                JsonNode body = json(answer.body());
                String message = c[1].equals("detail")
                        ? body.get("detail").asText()
                        : body.at("/error/message").asText();
                assertThat(message).as(c[0]).contains("malformed %-escape");
            }
        }
    }

    @Test
    void otherRequestsTheParserRefusesGetAJsonBodyToo() {
        String[] heads = {
            "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Name: x\r\n\r\n",
            "GET /management/a b HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
            "G(T /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        };
        for (String head : heads) {
            try (RawSocket socket = new RawSocket(emulator.port())) {
                socket.send(head);
                Answer answer = socket.read();
                assertThat(answer.status()).as(head).isEqualTo(400);
                assertThat(json(answer.body()).get("detail").asText()).as(head).isNotBlank();
            }
        }
    }

    @Test
    void oversizedHeadersAre431JsonAndTheConnectionServesOn() {
        try (RawSocket socket = new RawSocket(emulator.port())) {
            socket.send(request("GET", "/management/list", "X-Big: " + "b".repeat(70 * 1024)));
            Answer big = socket.read();
            assertThat(big.status()).isEqualTo(431);
            assertThat(json(big.body()).get("detail").asText()).contains("larger than the limit");
            socket.send(request("GET", "/healthz"));
            assertThat(socket.read().status()).isEqualTo(200);
        }
        try (RawSocket socket = new RawSocket(emulator.port())) {
            String[] many = new String[300];
            for (int i = 0; i < many.length; i++) {
                many[i] = "X-Many-" + i + ": v";
            }
            socket.send(request("GET", "/openai/" + NO_DEPLOYMENT + "/v1/models", many));
            Answer answer = socket.read();
            assertThat(answer.status()).isEqualTo(431);
            assertThat(json(answer.body()).at("/error/message").asText()).contains("too many header");
        }
    }

    // --- slow clients ---

    static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "slow-client");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void headersSentAByteAtATimeAreCutOff() throws Exception {
        try (RawSocket socket = new RawSocket(impatient.port())) {
            Thread trickle = daemon(() -> {
                byte[] head = request("GET", "/healthz", "X-Slow: " + "s".repeat(10_000))
                        .getBytes(StandardCharsets.US_ASCII);
                for (byte b : head) {
                    if (!socket.trySend(new byte[] {b})) {
                        return;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            assertThat(socket.readUntilClosed()).doesNotContain("200");
            trickle.interrupt();
            trickle.join();
        }
    }

    @Test
    void aStalledBodyGets408AndTheConnectionCloses() {
        try (RawSocket socket = new RawSocket(impatient.port())) {
            socket.send(request("PATCH", "/management/" + NO_DEPLOYMENT, "Content-Length: 100"));
            socket.send("{\"name\": ");
            String rest = socket.readUntilClosed();
            assertThat(rest).startsWith("HTTP/1.1 408");
            assertThat(json(rest.substring(rest.indexOf("\r\n\r\n") + 4))
                            .get("detail")
                            .asText())
                    .contains("did not arrive");
        }
    }

    @Test
    void aTricklingBodyIsCutOff() throws Exception {
        try (RawSocket socket = new RawSocket(impatient.port())) {
            socket.send(request("POST", "/openai/" + NO_DEPLOYMENT + "/v1/completions", "Transfer-Encoding: chunked"));
            Thread trickle = daemon(() -> {
                for (int i = 0; i < 100_000; i++) {
                    if (!socket.trySend("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII))) {
                        return;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            String answer = socket.readUntilClosed();
            trickle.interrupt();
            trickle.join();
            // the 408 comes first, unless the client's own writes made the close a reset
            if (!answer.isEmpty()) {
                assertThat(answer).startsWith("HTTP/1.1 408");
            }
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() {
        try (RawSocket socket = new RawSocket(impatient.port())) {
            socket.send(request("GET", "/healthz"));
            assertThat(socket.read().status()).isEqualTo(200);
            assertThat(socket.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void aConnectionThatNeverSendsIsClosed() {
        try (RawSocket socket = new RawSocket(impatient.port())) {
            assertThat(socket.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void theTimeoutsCutNoLongPollShort() {
        // a request that takes several times every timeout of the impatient server, fetched with a long
        // poll during which the client sends nothing: the answer still comes
        launcher.chunkDelay = Duration.ofMillis(100);
        RawHttp impatientHttp = new RawHttp(impatient.baseUrl(), KEY);
        HttpResponse<String> created = impatientHttp.post("/management/create", """
        {"name": "slow", "min_workers": 1, "max_workers": 1, "gpus_to_use": {"gpus": ["H100"]},
         "args": {"model": "Qwen/Qwen3-0.6B"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String dep = RawHttp.json(created).get("deployment_id").asText();
        String rid = RawHttp.json(impatientHttp.post(
                        "/deployment/" + dep + "/v1/completions",
                        "{\"input\": {\"prompt\": \"hi\", \"max_tokens\": 20}}"))
                .get("id")
                .asText();
        HttpResponse<String> done = impatientHttp.get("/deployment/" + dep + "/" + rid + "?wait=60");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.headers().firstValue("X-Request-Status")).contains("Completed");
    }

    @Test
    void aBodySentInPiecesIsReadWholeAndTheConnectionServesOn() {
        // the field the answer must name is in the last piece: a body cut short would be refused otherwise
        byte[] body = "{\"name\": \"x\", \"colour\": \"blue\"}".getBytes(StandardCharsets.US_ASCII);
        try (RawSocket socket = new RawSocket(emulator.port())) {
            for (int round = 0; round < 2; round++) {
                socket.send(request(
                        "PATCH",
                        "/management/" + NO_DEPLOYMENT,
                        "Content-Type: application/json",
                        "Content-Length: " + body.length));
                for (int i = 0; i < body.length; i += 7) {
                    socket.send(Arrays.copyOfRange(body, i, Math.min(body.length, i + 7)));
                }
                RawSocket.Answer answer = socket.read();
                assertThat(answer.status()).isEqualTo(422);
                assertThat(json(answer.body()).at("/detail/0/loc").toString()).isEqualTo("[\"body\",\"colour\"]");
            }
        }
    }

    // --- bodies that are more than one JSON value ---

    @Test
    void patchRefusesAnUnknownFieldNamingIt() {
        HttpResponse<String> r =
                http.method("PATCH", "/management/" + NO_DEPLOYMENT, "{\"name\": \"x\", \"colour\": \"blue\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode detail = RawHttp.json(r).get("detail");
        assertThat(detail.get(0).get("loc").toString()).isEqualTo("[\"body\",\"colour\"]");
        assertThat(detail.get(0).get("msg").asText()).contains("colour");
    }

    @Test
    void trailingJsonIsRefusedOnEveryRoute() {
        String trailing = "{\"a\":1}{\"b\":2}";
        String[][] routes = {
            {"POST", "/management/create"},
            {"PATCH", "/management/" + NO_DEPLOYMENT},
            {"POST", "/deployment/" + NO_DEPLOYMENT + "/v1/chat/completions"},
            {"POST", "/deployment/" + NO_DEPLOYMENT + "/v1/completions"},
        };
        for (String[] r : routes) {
            for (String body : new String[] {trailing, "{\"a\":1} x", "{\"input\": {}} []"}) {
                HttpResponse<String> answer = http.method(r[0], r[1], body);
                assertThat(answer.statusCode()).as(r[1] + " " + body).isEqualTo(422);
                assertThat(RawHttp.json(answer).at("/detail/0/msg").asText()).contains("after the JSON value");
            }
        }
        for (String path : new String[] {"/v1/chat/completions", "/v1/completions"}) {
            for (String body : new String[] {trailing, "{\"model\": \"m\"} x", "{} {}"}) {
                HttpResponse<String> answer = http.post("/openai/" + NO_DEPLOYMENT + path, body);
                assertThat(answer.statusCode()).as(path + " " + body).isEqualTo(400);
                assertThat(RawHttp.json(answer).at("/error/message").asText()).contains("after the JSON value");
            }
        }
        // whitespace after the value is no content
        assertThat(http.method("PATCH", "/management/" + NO_DEPLOYMENT, "{\"name\": \"x\"}\n \n")
                        .statusCode())
                .isEqualTo(404);
    }
}
