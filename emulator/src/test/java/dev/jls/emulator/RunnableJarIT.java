package dev.jls.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/jls-emulator.jar} as its users run it: {@code java -jar}. It is a
 * server, so it carries no HTTP client library and nothing of the SDK (those come only with the
 * JUnit extension, which the library artifact holds); the Kubernetes client it carries is loaded only
 * for {@code --launcher kubernetes}.
 */
@Tag("slow")
class RunnableJarIT {

    /** Entries the runnable jar must not hold: the SDK, its HTTP client and that client's runtime. */
    private static final List<String> CLIENT_ONLY =
            List.of("okhttp3/", "okio/", "kotlin/", "dev/jls/sdk/", "dev/jls/emulator/junit/");

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final String KEY = "jar-key";
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final Path jar = Path.of(System.getProperty("jls.emulator.jar", "target/jls-emulator.jar"))
            .toAbsolutePath();
    private Process running;

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null && running.isAlive()) {
            List<ProcessHandle> tree = running.descendants().toList();
            running.destroy();
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void holdsNoClientLibrary() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(e -> e.getName())
                    .filter(name -> CLIENT_ONLY.stream().anyMatch(name::startsWith))
                    .limit(20)
                    .forEach(found::add);
            assertThat(file.getEntry("dev/jls/emulator/internal/cli/Main.class"))
                    .isNotNull();
            assertThat(file.getEntry("io/undertow/Undertow.class")).isNotNull();
            // the dashboard's scripts and styles, served from the classpath
            for (String asset : List.of(
                    "META-INF/maven/org.webjars.npm/htmx.org/pom.properties",
                    "META-INF/maven/org.webjars.npm/htmx-ext-sse/pom.properties",
                    "META-INF/maven/org.webjars.npm/uplot/pom.properties",
                    "dev/jls/emulator/ui/dashboard.css",
                    "dev/jls/emulator/ui/dashboard.js")) {
                assertThat(file.getEntry(asset)).as(asset).isNotNull();
            }
            assertThat(file.stream().map(e -> e.getName()))
                    .anyMatch(n -> n.startsWith("META-INF/resources/webjars/htmx.org/") && n.endsWith("/htmx.min.js"))
                    .anyMatch(n -> n.startsWith("META-INF/resources/webjars/htmx-ext-sse/") && n.endsWith("/sse.js"))
                    .anyMatch(
                            n -> n.startsWith("META-INF/resources/webjars/uplot/") && n.endsWith("/uPlot.iife.min.js"));
        }
        assertThat(found).as("client classes in " + jar).isEmpty();
    }

    @Test
    void printsItsHelp() throws Exception {
        Process help = java("--help").start();
        String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("Usage: jls-emulator")
                .contains("--port=PORT")
                .contains("--worker-stop-grace=DURATION");
    }

    @Test
    void servesADeployment(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        running = java(
                        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:class+load=info:file=" + classes),
                        "--port",
                        "0",
                        "--api-key",
                        KEY,
                        "--engine",
                        "sim",
                        "--gpus",
                        "L4:1",
                        "--worker-stop-grace",
                        "2s",
                        "--delete-grace",
                        "2s")
                .start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        String baseUrl = listeningAt(running, output);

        RawHttp http = new RawHttp(baseUrl, KEY);
        HttpResponse<String> created = http.post("/management/create", """
        {"name": "from-the-jar", "min_workers": 1, "max_workers": 1,
         "gpus_to_use": {"gpus": ["L4"]}, "args": {"model": "Qwen/Qwen3-0.6B"}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String deployment = RawHttp.json(created).get("deployment_id").asText();
        Eventually.await(
                DEADLINE,
                "the deployment runs; the jar's output: " + output,
                () -> RawHttp.json(http.get("/management/" + deployment + "/status"))
                        .get("status")
                        .asText()
                        .equals("running"));

        HttpResponse<String> answer = http.post("/openai/" + deployment + "/v1/chat/completions", """
        {"model": "Qwen/Qwen3-0.6B", "messages": [{"role": "user", "content": "hi"}],
         "max_tokens": 4}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        // the banner's dashboard address logs in once; the dashboard's scripts come from inside the jar
        Eventually.await(
                DEADLINE,
                "the banner names the dashboard: " + output,
                () -> List.copyOf(output).stream()
                        .anyMatch(l -> l.startsWith("Dashboard: " + baseUrl + "/ui/login?token=")));
        String login = List.copyOf(output).stream()
                .filter(l -> l.startsWith("Dashboard: "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];
        assertThat(http.get(login.substring(baseUrl.length())).statusCode()).isEqualTo(303);
        assertThat(http.get("/ui/assets/htmx.min.js").statusCode()).isEqualTo(200);
        assertThat(http.get("/ui/assets/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        JsonNode completion = RawHttp.json(answer);
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");

        // local workers never touch the Kubernetes client: its classes stay unloaded
        String loaded = Files.readString(classes);
        assertThat(loaded).contains("dev.jls.emulator.internal.workers.ProcessWorker ");
        assertThat(loaded.lines().filter(line -> line.contains("io.fabric8.")).limit(5))
                .isEmpty();
    }

    @Test
    void withTheDefaultCollectorRunsItselfAgainWithTheSerialOneAndEndsWithItsStarter() throws Exception {
        // two processors make G1 the JVM's default here, whatever the machine running the test
        running = java(
                        List.of("-XX:ActiveProcessorCount=2", "-XX:TieredStopAtLevel=1"),
                        "--port",
                        "0",
                        "--api-key",
                        KEY,
                        "--engine",
                        "sim",
                        "--gpus",
                        "L4:1")
                .start();
        String baseUrl = listeningAt(running, new ArrayList<>());
        assertThat(new RawHttp(baseUrl, KEY).get("/healthz").statusCode()).isEqualTo(200);

        List<ProcessHandle> children = running.children().toList();
        assertThat(children).hasSize(1);
        ProcessHandle second = children.get(0);
        assertThat(second.info().arguments().map(List::of).orElseThrow())
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djls.relaunchedBy=" + running.pid());

        // killed, the first JVM cannot stop the second: the second sees it gone and stops itself
        running.destroyForcibly();
        second.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(second.isAlive()).isFalse();
    }

    /** Reads the jar's output into {@code output}; the base URL once it says it listens. */
    private static String listeningAt(Process process, List<String> output) {
        List<String> lines = Collections.synchronizedList(output);
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            lines.add(line);
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                listening.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        // the emulator is gone
                    }
                    listening.completeExceptionally(new IllegalStateException("the jar ended: " + lines));
                },
                "runnable-jar-output");
        reader.setDaemon(true);
        reader.start();
        return listening.orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS).join();
    }

    private ProcessBuilder java(String... args) {
        return java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), args);
    }

    private ProcessBuilder java(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
