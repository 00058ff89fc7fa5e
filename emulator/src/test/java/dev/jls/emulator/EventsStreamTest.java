package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jls.emulator.junit.EmulatorBaseUrl;
import dev.jls.emulator.junit.JlsEmulatorTest;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.DeploymentSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /_emulator/events}: a tenant's own events, as server-sent events that can be resumed. */
@JlsEmulatorTest(apiKeys = {"key-a", "key-b"})
class EventsStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String baseUrl;
    static JlsEmulator emulator;

    @BeforeAll
    static void connect(@EmulatorBaseUrl String url, JlsEmulator e) {
        baseUrl = url;
        emulator = e;
    }

    /** One event as the stream sent it. */
    record Sent(long id, JsonNode data) {}

    private static String create(String key, String name) {
        try (JlsClient c = JlsClient.builder().baseUrl(baseUrl).apiKey(key).build()) {
            return c.deployments()
                    .create(DeploymentSpec.builder()
                            .name(name)
                            .framework("vllm")
                            .model("Qwen/Qwen3-0.6B")
                            .minWorkers(0)
                            .maxWorkers(0)
                            .build());
        }
    }

    private static ChatCompletionRequest chat(String text) {
        return ChatCompletionRequest.builder()
                .model("Qwen/Qwen3-0.6B")
                .messages(List.of(ChatMessage.user(text)))
                .build();
    }

    /** Reads the stream of {@code key} until {@code last} matches an event, and returns the events read. */
    private static List<Sent> read(String key, String query, String lastEventId, Predicate<Sent> last)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/events" + query))
                .header("Authorization", "Bearer " + key);
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<Sent> out = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            long id = -1;
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("data: ")) {
                    Sent s = new Sent(id, JSON.readTree(line.substring(6)));
                    out.add(s);
                    if (last.test(s)) {
                        return out;
                    }
                }
            }
        }
        throw new AssertionError("the stream ended before the awaited event; read " + out);
    }

    private static Predicate<Sent> status(String deployment, String state) {
        return s -> s.data().path("deployment_id").asText().equals(deployment)
                && s.data().path("kind").asText().equals("deployment")
                && s.data().path("state").asText().equals(state);
    }

    @Test
    void aKeySeesOnlyItsOwnTenantsEvents() throws Exception {
        String other = create("key-b", "other");
        String own = create("key-a", "own");
        emulator.await().deploymentStatus(own, "running");

        List<Sent> seen = read("key-a", "", null, status(own, "running"));

        assertThat(seen)
                .extracting(s -> s.data().path("deployment_id").asText())
                .contains(own)
                .doesNotContain(other);
        List<Sent> theirs = read("key-b", "", null, status(other, "running"));
        assertThat(theirs)
                .extracting(s -> s.data().path("deployment_id").asText())
                .contains(other)
                .doesNotContain(own);
    }

    @Test
    void aClientResumesAfterTheLastEventItSaw() throws Exception {
        String dep = create("key-a", "resume");
        emulator.await().deploymentStatus(dep, "running");

        List<Sent> first = read("key-a", "?deployment=" + dep, null, status(dep, "starting"));
        assertThat(first)
                .extracting(s -> s.data().path("deployment_id").asText())
                .containsOnly(dep);
        long lastSeen = first.get(first.size() - 1).id();

        List<Sent> resumed = read("key-a", "?deployment=" + dep, Long.toString(lastSeen), status(dep, "running"));
        assertThat(resumed).extracting(Sent::id).allMatch(id -> id > lastSeen);
        assertThat(resumed.get(0).data().path("state").asText()).isEqualTo("running");
        assertThat(resumed.get(0).data().path("id").asLong())
                .isEqualTo(resumed.get(0).id());
    }

    @Test
    void aRequestsStreamShowsOnlyThatRequest(JlsClient client) throws Exception {
        String dep = create("key-a", "one-request");
        // another request of the same deployment, whose events the stream leaves out
        client.requests().submit(dep, chat("other"));
        String id = client.requests().submit(dep, chat("this one")).id();

        List<Sent> seen = read(
                "key-a",
                "?request=" + id,
                null,
                s -> s.data().path("state").asText().equals("Queued"));

        assertThat(seen).extracting(s -> s.data().path("request_id").asText()).containsOnly(id);
        assertThat(seen).extracting(s -> s.data().path("kind").asText()).containsOnly("request");
    }

    @Test
    void newEventsFollowTheKeptOnes() throws Exception {
        String before = create("key-a", "before");
        emulator.await().deploymentStatus(before, "running");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/events"))
                .header("Authorization", "Bearer key-a")
                .build();
        HttpResponse<Stream<String>> r = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            // the kept events come first, up to the deployment made before the stream opened
            while (!it.next().contains("\"deployment_id\":\"" + before + "\"")) {
                // reading on
            }
            String later = create("key-a", "later");
            String line;
            do {
                line = it.next();
            } while (!line.contains("\"deployment_id\":\"" + later + "\""));
            assertThat(line).startsWith("data: ").contains("\"state\":\"starting\"");
        }
    }
}
