package dev.jls.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.jls.sdk.AsyncStreamResponse;
import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.ChatCompletionAccumulator;
import dev.jls.sdk.HttpLogger;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.JlsClientAsync;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.LogOptions;
import dev.jls.sdk.LogStream;
import dev.jls.sdk.MetricsListener;
import dev.jls.sdk.RawResponse;
import dev.jls.sdk.Region;
import dev.jls.sdk.RequestOptions;
import dev.jls.sdk.StreamHandler;
import dev.jls.sdk.StreamResponse;
import dev.jls.sdk.SubmitOptions;
import dev.jls.sdk.WaitOptions;
import dev.jls.sdk.errors.AwaitTimeoutException;
import dev.jls.sdk.errors.DeploymentFailedException;
import dev.jls.sdk.errors.JlsException;
import dev.jls.sdk.errors.JlsIoException;
import dev.jls.sdk.errors.JlsServiceException;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RateLimitException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.errors.StreamErrorException;
import dev.jls.sdk.http.JdkJlsHttpClient;
import dev.jls.sdk.http.JlsHttpClient;
import dev.jls.sdk.micrometer.MicrometerMetricsListener;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentList;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentUpdate;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.models.SubmittedRequest;
import dev.jls.sdk.support.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/sdk.md's examples. Every {@code java} block of the guide is compiled with the imports it shows
 * and no others ({@link #everyExampleCompilesWithItsOwnImports}); the examples that can run here are
 * also written below between {@code // doc:} markers, run against the stand-in server, and must appear
 * in the guide verbatim. A change to an example goes to both places.
 */
class GuideExamplesTest extends GuideContext {

    static final Path GUIDE = Path.of("..", "docs", "sdk.md");
    static final Path SELF = Path.of("src", "test", "java", "dev", "jls", "sdk", "e2e", "GuideExamplesTest.java");

    StandInServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StandInServer("guide-key");
        // Polls and backoffs pass at once: the examples keep their real intervals, the suite stays fast.
        client = JlsClient.builder()
                .apiKey("guide-key")
                .baseUrl(server.baseUrl())
                .sleeper(pause -> {})
                .build();
        id = client.deployments().create(spec());
        client.deployments()
                .awaitRunning(
                        id,
                        WaitOptions.builder().pollInterval(Duration.ofMillis(1)).build());
        url = server.baseUrl() + "openai/" + id + "/v1";
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    static DeploymentSpec spec() {
        // doc: spec
        DeploymentSpec spec = DeploymentSpec.builder()
                .name("qwen")
                .gpusToUse(List.of("H100"))
                .minWorkers(0)
                .maxWorkers(2)
                .concurrentRequests(4)
                .idleTimeout(600)
                .model("Qwen/Qwen3-0.6B")
                .servedModelName("qwen")
                .putArg("max-model-len", "8192")
                .putEnv("HF_TOKEN", "hf_...")
                .build();
        // end
        return spec;
    }

    @Test
    void clients() {
        // doc: client-emulator
        JlsClient local = JlsClient.builder()
                .apiKey("dev-key")
                .baseUrl("http://127.0.0.1:8765")
                .timeout(Duration.ofSeconds(30))
                .maxRetries(3)
                .build();
        // end
        local.close();

        // doc: client-region
        JlsClient chennai = JlsClient.builder().apiKey("...").region(Region.IN1).build();
        // end
        chennai.close();

        // doc: client-jdk
        JlsHttpClient http =
                JdkJlsHttpClient.builder().connectTimeout(Duration.ofSeconds(3)).build();
        JlsClient viaJdk = JlsClient.builder().apiKey("...").httpClient(http).build();
        // ...
        viaJdk.close(); // leaves http open
        http.close(); // its owner closes it
        // end
    }

    @Test
    void deployments() {
        DeploymentSpec spec = spec();
        // doc: create-wait
        String id = client.deployments().create(spec); // checks the spec first: JlsValidationException names the field
        Deployment running = client.deployments()
                .awaitRunning(
                        id,
                        WaitOptions.builder()
                                .timeout(Duration.ofMinutes(20))
                                .pollInterval(Duration.ofSeconds(2))
                                .listener(status -> System.out.println("status: " + status))
                                .build());
        // end
        assertThat(running.status().isRunning()).isTrue();

        // doc: read
        DeploymentList all = client.deployments().list();
        all.regionErrors().forEach(unreachable -> System.err.println("not listed: " + unreachable));
        Deployment deployment = client.deployments().retrieve(id);
        DeploymentStatus status = client.deployments().retrieveStatus(id);
        deployment
                .workers()
                .ifPresent(workers ->
                        System.out.println(workers.healthy() + " of " + workers.total() + " workers healthy"));
        // end
        assertThat(all.deployments()).isNotEmpty();
        assertThat(status).isEqualTo(DeploymentStatus.RUNNING);

        // doc: update
        Deployment renamed = client.deployments()
                .update(
                        id,
                        DeploymentUpdate.builder()
                                .name("qwen-small")
                                .idleTimeout(300)
                                .build());
        // end
        assertThat(renamed.name()).isEqualTo("qwen-small");

        // doc: base-url
        String v1 = client.openai(id).baseUrl(); // "{host}/openai/{id}/v1", for any OpenAI client
        // end
        assertThat(v1).endsWith("/openai/" + id + "/v1");

        // doc: delete
        client.deployments().delete(id);
        // end
    }

    @Test
    void waitErrors() {
        // doc: wait-errors
        try {
            client.deployments().awaitRunning(id);
        } catch (DeploymentFailedException e) {
            System.err.println(e.status() + ": " + e.errorMessage().orElse("no message"));
        } catch (AwaitTimeoutException e) {
            System.err.println(
                    "still " + e.lastStatus().map(DeploymentStatus::asString).orElse("?"));
        }
        // end
    }

    @Test
    void logs() {
        // doc: logs
        try (LogStream logs = client.deployments()
                .retrieveLogs(
                        id,
                        LogOptions.builder()
                                .tail(100)
                                .follow(false)
                                .notices(true)
                                .build())) {
            logs.forEachRemaining(event -> {
                if (event instanceof LogEvent.Line line) {
                    println(line.workerId().map(w -> "worker " + w + ": ").orElse("") + line.message());
                } else {
                    println("-- " + event.text());
                }
            });
        }
        // end
        assertThat(printed)
                .containsExactly(
                        "-- deployment status is running",
                        "worker 1: INFO Loading model Qwen/Qwen3-0.6B",
                        "worker 1: INFO Application startup complete.");
    }

    @Test
    void queuedRequests() {
        // doc: submit-await
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addMessage(ChatMessage.system("You are concise."))
                .addMessage(ChatMessage.user("tell me a beautiful story of moon?"))
                .maxTokens(200)
                .temperature(0.7)
                .build();
        SubmittedRequest submitted = client.requests().submit(id, request);
        ChatCompletion answer = client.requests().awaitChatCompletion(id, submitted.id());
        System.out.println(answer.choices().get(0).message().content().orElse(""));
        // end
        assertThat(answer.choices()).hasSize(1);

        String requestId = submitted.id();
        // doc: fetch
        RequestResult result = client.requests().fetch(id, requestId);
        if (result instanceof RequestResult.Pending pending) {
            System.out.println("still " + pending.state());
        } else if (result instanceof RequestResult.Completed completed) {
            ChatCompletion chat = completed.chatCompletion(); // completed.raw() is the JSON as the engine sent it
        } else if (result instanceof RequestResult.Failed failed) {
            System.out.println(failed.error().type() + ": " + failed.error().message());
        } else if (result instanceof RequestResult.Cancelled) {
            System.out.println("cancelled");
        }
        // end

        // doc: await-options
        RequestResult.Completed done = client.requests()
                .await(
                        id,
                        requestId,
                        AwaitOptions.builder()
                                .timeout(Duration.ofMinutes(2))
                                .initialInterval(Duration.ofMillis(100))
                                .maxInterval(Duration.ofSeconds(5))
                                .longPoll(Duration.ofSeconds(20))
                                .build());
        // end
        assertThat(done.requestId()).isEqualTo(requestId);

        // doc: idempotency
        SubmittedRequest once = client.requests().submit(id, request, SubmitOptions.withIdempotencyKey("order-1234"));
        SubmittedRequest again = client.requests().submit(id, request, SubmitOptions.withIdempotencyKey("order-1234"));
        // once.id().equals(again.id()): the server ran it once
        // end
        assertThat(once.id()).isEqualTo(again.id());

        SubmittedRequest another = client.requests().submit(id, request);
        // doc: cancel
        client.requests().cancel(id, another.id()); // ConflictException if it already completed or failed
        // end

        // doc: request-errors
        try {
            client.requests().await(id, requestId);
        } catch (RequestFailedException e) {
            System.err.println(e.error().type() + ": " + e.error().message()); // e.g. queue_timeout, worker_crashed
        } catch (AwaitTimeoutException e) {
            System.err.println("still " + e.lastState().orElse(null) + " after " + e.timeout());
        }
        // end

        // doc: completion-submit
        SubmittedRequest text = client.requests()
                .submit(
                        id,
                        CompletionRequest.builder().prompt("Once upon a time").build());
        Completion story = client.requests().awaitCompletion(id, text.id());
        // end
        assertThat(story.choices().get(0).text()).isEqualTo(" echo: Once upon a time");
    }

    @Test
    void openAi() {
        // doc: chat
        ChatCompletion chat = client.openai(id)
                .createChatCompletion(ChatCompletionRequest.builder()
                        .addMessage(ChatMessage.user("Say hello"))
                        .maxTokens(32)
                        .build());
        System.out.println(chat.firstContent().orElse(""));
        // end
        assertThat(chat.firstContent()).contains("The moon rose.");

        // doc: stream
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("tell me a story"))
                .streamOptions(StreamOptions.withUsage()) // ask for the usage chunk
                .build();
        ChatCompletionAccumulator accumulator = new ChatCompletionAccumulator();
        try (StreamResponse<ChatCompletionChunk> chunks = client.openai(id).createChatCompletionStreaming(request)) {
            chunks.stream()
                    .peek(accumulator)
                    .forEach(chunk -> chunk.choices()
                            .forEach(choice ->
                                    System.out.print(choice.delta().content().orElse(""))));
        }
        ChatCompletion whole = accumulator.chatCompletion(); // joined text, tool calls, finish reason, usage
        // end
        assertThat(whole.firstContent()).contains("The moon rose.");
        assertThat(whole.usage()).isPresent();

        // doc: stream-early
        try (StreamResponse<ChatCompletionChunk> chunks = client.openai(id).createChatCompletionStreaming(request)) {
            chunks.stream().limit(2).forEach(chunk -> {});
        } // closing here cancels the HTTP call: the server stops generating
        // end

        // doc: stream-error
        try (StreamResponse<ChatCompletionChunk> chunks = client.openai(id).createChatCompletionStreaming(request)) {
            chunks.stream().forEach(chunk -> {});
        } catch (StreamErrorException e) {
            System.err.println("the engine failed mid-stream: " + e.error().message());
        }
        // end

        // doc: completions
        Completion text = client.openai(id)
                .createCompletion(CompletionRequest.builder()
                        .prompt("Once upon a time")
                        .maxTokens(16)
                        .putAdditionalProperty("top_k", IntNode.valueOf(20))
                        .build());
        try (StreamResponse<Completion> pieces = client.openai(id)
                .createCompletionStreaming(
                        CompletionRequest.builder().prompt("Once upon a time").build())) {
            pieces.stream()
                    .forEach(piece -> System.out.print(piece.choices().get(0).text()));
        }
        List<Model> models = client.openai(id).listModels();
        // end
        assertThat(text.choices().get(0).text()).isEqualTo(" there was a moon.");
        assertThat(models).extracting(Model::id).containsExactly("qwen");

        // doc: openai-at
        List<Model> served = client.openaiAt(url).listModels(); // e.g. "http://127.0.0.1:8000/v1" for a vLLM engine
        // end
        assertThat(served).hasSize(1);
    }

    @Test
    void async() {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("tell me a story"))
                .build();
        // doc: async
        JlsClientAsync async = client.async();
        CompletableFuture<String> answer = async.requests()
                .submit(id, request)
                .thenCompose(submitted -> async.requests().awaitChatCompletion(id, submitted.id()))
                .thenApply(chat -> chat.firstContent().orElse(""));
        answer.thenAccept(System.out::println); // runs on an SDK thread when the answer is in
        // end
        assertThat(answer.join()).isEqualTo("echo: tell me a story");

        // doc: async-cancel
        CompletableFuture<ChatCompletion> call = client.async().openai(id).createChatCompletion(request);
        // ... the answer is no longer wanted:
        call.cancel(true); // drops the HTTP connection: the server sees the call go
        // end
        assertThat(call).isCancelled();

        // doc: stream-async
        AsyncStreamResponse<ChatCompletionChunk> stream =
                client.async().openai(id).createChatCompletionStreaming(request);
        stream.subscribe(new StreamHandler<>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
                chunk.choices()
                        .forEach(choice ->
                                System.out.print(choice.delta().content().orElse("")));
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                error.ifPresent(e -> System.err.println("stream failed: " + e));
            }
        });
        stream.onCompleteFuture().join();
        // end
        assertThat(stream.onCompleteFuture()).isCompleted();
    }

    @Test
    void optionsAndRawResponses() {
        ChatCompletionRequest request = ChatCompletionRequest.builder()
                .addMessage(ChatMessage.user("Say hello"))
                .build();
        requestId = client.requests().submit(id, request).id();
        // doc: options
        RequestOptions patient = RequestOptions.builder()
                .timeout(Duration.ofMinutes(5))
                .maxRetries(0)
                .putHeader("X-Trace-Id", "trace-42")
                .putQueryParam("tenant", "blue")
                .build();
        ChatCompletion slow = client.openai(id).withOptions(patient).createChatCompletion(request);
        // end
        assertThat(slow.firstContent()).contains("The moon rose.");

        // doc: raw
        RawResponse<RequestResult> raw = client.requests().withRawResponse().fetch(id, requestId);
        System.out.println(
                raw.statusCode() + " " + raw.header("X-Request-Status").orElse("?"));
        RequestResult state = raw.parse();
        // end
        assertThat(raw.statusCode()).isEqualTo(202);
        assertThat(state).isInstanceOf(RequestResult.Pending.class);
    }

    @Test
    void hooks() {
        // doc: logger
        JlsClient logged = JlsClient.builder()
                .apiKey("...")
                .baseUrl("http://127.0.0.1:8765")
                .httpLogger(HttpLogger.to(System.err::println)) // credentials read <redacted>
                .build();
        // end
        logged.close();

        // doc: metrics
        MetricsListener slowCalls = new MetricsListener() {
            @Override
            public void onCall(MetricsListener.Call call) {
                if (call.duration().compareTo(Duration.ofSeconds(2)) > 0) {
                    System.err.println(call.operation() + " took " + call.duration() + ": " + call.outcome());
                }
            }
        };
        JlsClient measured =
                JlsClient.builder().apiKey("...").metricsListener(slowCalls).build();
        // end
        measured.close();

        // doc: micrometer
        MeterRegistry registry = new SimpleMeterRegistry(); // your application's registry
        JlsClient metered = JlsClient.builder()
                .apiKey("...")
                .metricsListener(new MicrometerMetricsListener(registry))
                .build();
        // end
        metered.close();
    }

    @Test
    void errors() {
        String id = "dep-000000000000";
        // doc: errors
        try {
            client.deployments().retrieve(id);
        } catch (NotFoundException e) {
            System.err.println("no such deployment: " + e.getMessage());
        } catch (RateLimitException e) {
            System.err.println("retry in " + e.retryAfter().orElse(Duration.ofSeconds(1)));
        } catch (JlsServiceException e) {
            System.err.println(e.statusCode() + " " + e.errorMessage().orElse(e.body()));
        } catch (JlsIoException e) {
            System.err.println("network: " + e.getMessage());
        } catch (JlsException e) {
            System.err.println(e.getMessage()); // any other SDK failure
        }
        // end
    }

    /** One {@code java} block of the guide: its import lines and the rest. */
    record Example(int line, List<String> imports, String body) {}

    static List<Example> examplesOfTheGuide() throws Exception {
        List<Example> examples = new ArrayList<>();
        List<String> lines = Files.readAllLines(GUIDE);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (!lines.get(end).equals("```")) {
                end++;
            }
            List<String> block = lines.subList(start, end);
            int firstCode = 0;
            while (firstCode < block.size()
                    && (block.get(firstCode).startsWith("import ")
                            || block.get(firstCode).isBlank())) {
                firstCode++;
            }
            examples.add(new Example(
                    start,
                    block.subList(0, firstCode).stream()
                            .filter(line -> !line.isBlank())
                            .toList(),
                    String.join("\n", block.subList(firstCode, block.size()))));
            i = end;
        }
        return examples;
    }

    @Test
    void theGuideShowsTheseExamplesVerbatim() throws Exception {
        List<String> bodies = examplesOfTheGuide().stream().map(Example::body).toList();
        Matcher snippet = Pattern.compile("\\n([ \\t]*)// doc: ([\\w-]+)\\n(.*?)\\n[ \\t]*// end", Pattern.DOTALL)
                .matcher(Files.readString(SELF));
        int found = 0;
        while (snippet.find()) {
            String indent = snippet.group(1);
            String code = Arrays.stream(snippet.group(3).split("\\n", -1))
                    .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
                    .collect(Collectors.joining("\n"));
            assertThat(bodies)
                    .as("docs/sdk.md shows the example '%s'", snippet.group(2))
                    .contains(code);
            found++;
        }
        assertThat(found).isGreaterThan(30);
    }

    @Test
    void everyExampleCompilesWithItsOwnImports(@TempDir Path classes) throws Exception {
        // Some examples name OkHttp, which the run without it cannot compile; the other run does.
        Assumptions.assumeTrue(TestHttp.okHttpPresent(), "OkHttp is on the class path");
        List<Example> examples = examplesOfTheGuide();
        List<JavaFileObject> sources = new ArrayList<>();
        for (Example example : examples) {
            String name = "GuideExample" + example.line();
            String source = "package dev.jls.sdk.e2e;\n" + String.join("\n", example.imports()) + "\n"
                    + "class " + name + " extends GuideContext {\n"
                    + "    void run() throws Exception {\n" + example.body() + "\n    }\n}\n";
            sources.add(
                    new SimpleJavaFileObject(
                            URI.create("string:///dev/jls/sdk/e2e/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return source;
                        }
                    });
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(problems, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(
                            null,
                            files,
                            problems,
                            List.of(
                                    "-classpath",
                                    classPath + File.pathSeparator + "target/test-classes",
                                    "-d",
                                    classes.toString(),
                                    "-proc:none"),
                            null,
                            sources)
                    .call();
            assertThat(problems.getDiagnostics())
                    .as("docs/sdk.md examples, by the line they start on")
                    .extracting(
                            d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .isEmpty();
            assertThat(compiled).isTrue();
        }
        assertThat(examples).hasSizeGreaterThan(30);
    }
}
