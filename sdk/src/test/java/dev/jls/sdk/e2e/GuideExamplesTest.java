package dev.jls.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.sdk.AsyncStreamResponse;
import dev.jls.sdk.AwaitOptions;
import dev.jls.sdk.ChatCompletionAccumulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.LogEvent;
import dev.jls.sdk.LogOptions;
import dev.jls.sdk.LogStream;
import dev.jls.sdk.Region;
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
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionChunk;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Completion;
import dev.jls.sdk.models.CompletionRequest;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentSpec;
import dev.jls.sdk.models.DeploymentStatus;
import dev.jls.sdk.models.DeploymentSummary;
import dev.jls.sdk.models.DeploymentUpdate;
import dev.jls.sdk.models.Model;
import dev.jls.sdk.models.RequestResult;
import dev.jls.sdk.models.StreamOptions;
import dev.jls.sdk.models.SubmittedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/sdk.md, verbatim between the {@code // doc:} markers, compiled and run against the
 * stand-in server. A change to an example goes to both places.
 */
class GuideExamplesTest {

    StandInServer server;
    JlsClient client;
    String deploymentId;
    final List<String> printed = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new StandInServer("guide-key");
        // Polls and backoffs pass at once: the examples keep their real intervals, the suite stays fast.
        client = JlsClient.builder()
                .apiKey("guide-key")
                .baseUrl(server.baseUrl())
                .sleeper(pause -> {})
                .build();
        deploymentId = client.deployments().create(spec());
        client.deployments()
                .awaitRunning(
                        deploymentId,
                        WaitOptions.builder().pollInterval(Duration.ofMillis(1)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    void println(Object line) {
        printed.add(String.valueOf(line));
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

    /** Compiled, not run: it needs JL_API_KEY and reaches the hosted service. */
    void clientFromEnvironment() {
        // doc: client-env
        try (JlsClient client = JlsClient.builder().fromEnv().build()) { // JL_API_KEY, JLS_BASE_URL
            client.deployments().list().forEach(d -> System.out.println(d.deploymentId() + " " + d.status()));
        }
        // end
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

        // doc: client-http
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
        List<DeploymentSummary> all = client.deployments().list();
        Deployment deployment = client.deployments().retrieve(id);
        DeploymentStatus status = client.deployments().retrieveStatus(id);
        deployment
                .workers()
                .ifPresent(workers ->
                        System.out.println(workers.healthy() + " of " + workers.total() + " workers healthy"));
        // end
        assertThat(all).isNotEmpty();
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
        String id = deploymentId;
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
        String id = deploymentId;
        // doc: logs
        try (LogStream logs = client.deployments()
                .retrieveLogs(id, LogOptions.builder().tail(100).follow(false).build())) {
            logs.forEachRemaining(event -> {
                if (event instanceof LogEvent.Line line) {
                    println(line.text());
                } else {
                    println("-- " + event.text());
                }
            });
        }
        // end
        assertThat(printed)
                .containsExactly(
                        "-- worker 1 starting",
                        "INFO Loading model Qwen/Qwen3-0.6B",
                        "INFO Application startup complete.");
    }

    @Test
    void queuedRequests() throws Exception {
        String id = deploymentId;
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

        // doc: await-async
        CompletableFuture<RequestResult.Completed> future =
                client.async().requests().await(id, submitted.id());
        future.thenAccept(completed ->
                System.out.println(completed.chatCompletion().firstContent().orElse("")));
        // ... later, if the answer is no longer wanted:
        future.cancel(true); // stops the polling; the request itself goes on (see cancel)
        // end

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
    }

    @Test
    void openAi() throws Exception {
        String id = deploymentId;
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

        // doc: stream-async
        AsyncStreamResponse<ChatCompletionChunk> async =
                client.async().openai(id).createChatCompletionStreaming(request);
        async.subscribe(new StreamHandler<>() {
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
        async.onCompleteFuture().join();
        // end

        // doc: completions
        Completion text = client.openai(id)
                .createCompletion(CompletionRequest.builder()
                        .prompt("Once upon a time")
                        .maxTokens(16)
                        .putAdditionalProperty("top_k", com.fasterxml.jackson.databind.node.IntNode.valueOf(20))
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

        String url = server.baseUrl() + "openai/" + id + "/v1";
        // doc: openai-at
        List<Model> served = client.openaiAt(url).listModels(); // e.g. "http://127.0.0.1:8000/v1" for a vLLM engine
        // end
        assertThat(served).hasSize(1);
    }

    @Test
    void theGuideShowsTheseExamplesVerbatim() throws Exception {
        Path guide = Path.of("..", "docs", "sdk.md");
        Path self = Path.of("src", "test", "java", "dev", "jls", "sdk", "e2e", "GuideExamplesTest.java");
        String doc = Files.readString(guide);
        Matcher snippet = Pattern.compile("\\n([ \\t]*)// doc: ([\\w-]+)\\n(.*?)\\n[ \\t]*// end", Pattern.DOTALL)
                .matcher(Files.readString(self));
        int found = 0;
        while (snippet.find()) {
            String indent = snippet.group(1);
            String code = Arrays.stream(snippet.group(3).split("\\n", -1))
                    .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
                    .collect(Collectors.joining("\n"));
            assertThat(doc)
                    .as("docs/sdk.md shows the example '%s'", snippet.group(2))
                    .contains("```java\n" + code + "\n```");
            found++;
        }
        assertThat(found).isGreaterThan(20);
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
        assertThat(TimeUnit.SECONDS).isNotNull();
    }
}
