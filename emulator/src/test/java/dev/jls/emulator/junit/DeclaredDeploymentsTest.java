package dev.jls.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.emulator.EmulatorEvent;
import dev.jls.emulator.Faults;
import dev.jls.emulator.JlsEmulator;
import dev.jls.sdk.JlsClient;
import dev.jls.sdk.errors.NotFoundException;
import dev.jls.sdk.errors.RequestFailedException;
import dev.jls.sdk.models.ChatCompletion;
import dev.jls.sdk.models.ChatCompletionRequest;
import dev.jls.sdk.models.ChatMessage;
import dev.jls.sdk.models.Deployment;
import dev.jls.sdk.models.DeploymentStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Declared deployments and the reset between tests, with real worker processes: two deployments, one
 * worker each (and one start that fails on purpose). The tests run in order: one leaves a hung request
 * and a fault behind, the next finds them gone and the same worker processes still running.
 */
@JlsEmulatorTest(
        gpus = "H100:2",
        resetBetweenTests = true,
        options = {"--worker-start-backoff=100ms", "--worker-stop-grace=1s", "--unresponsive-timeout=120s"})
@JlsDeployment(
        name = "chat",
        model = "Qwen/Qwen3-0.6B",
        servedModelName = "qwen",
        concurrentRequests = 2,
        env = {"JLS_SIM_TOKENS_PER_SECOND=500"})
@JlsDeployment(
        name = "flaky",
        model = "Qwen/Qwen3-0.6B",
        gpus = "H100",
        faults = @JlsFaults(failNextStarts = 1, errorRate = 1.0, errorSeed = 7))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeclaredDeploymentsTest {

    private static final Faults FLAKY = Faults.NONE
            .withFailNextStarts(new Faults.FailStarts(1, Faults.DEFAULT_START_FAILURE))
            .withErrorRate(new Faults.ErrorRate(1.0, 7));

    static JlsEmulator emulator;
    static JlsClient client;
    static Set<Long> chatPids;
    static Set<Long> flakyPids;
    static String hungRequest;
    static String completedRequest;

    @BeforeAll
    static void takeTheDeclaredDeployments(
            JlsEmulator e, JlsClient c, @Declared("chat") DeclaredDeployment chat, @Declared("flaky") String flakyId) {
        emulator = e;
        client = c;
        // created, and running with their workers, before the first @BeforeAll method
        chatPids = readyPids(chat.id());
        flakyPids = readyPids(flakyId);
        assertThat(chatPids).hasSize(1);
        assertThat(flakyPids).hasSize(1);
    }

    @Test
    @Order(1)
    void aDeclaredDeploymentIsCreatedAsDeclared(
            @Declared("chat") DeclaredDeployment chat, @Declared("chat") String chatId) {
        assertThat(chatId).isEqualTo(chat.id()).startsWith("dep-");
        assertThat(chat.name()).isEqualTo("chat");
        assertThat(chat.model()).isEqualTo("Qwen/Qwen3-0.6B");
        assertThat(chat.servedModel()).isEqualTo("qwen");
        assertThat(chat.openAiBaseUrl())
                .isEqualTo(client.openai(chatId).baseUrl())
                .endsWith("/openai/" + chatId + "/v1");
        assertThat(chat).hasToString("chat (" + chatId + ")");

        Deployment d = client.deployments().retrieve(chatId);
        assertThat(d.name()).isEqualTo("chat");
        assertThat(d.status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(d.minWorkers()).contains(1);
        assertThat(d.maxWorkers()).contains(1);
        assertThat(d.concurrentRequests()).contains(2);
        assertThat(d.env()).containsKey("JLS_SIM_TOKENS_PER_SECOND");

        ChatCompletion answer = client.openai(chatId).createChatCompletion(chat(chat.servedModel()));
        assertThat(answer.choices()).isNotEmpty();
    }

    @Test
    @Order(2)
    void declaredFaultsAreInForceFromTheFirstWorkerOn(@Declared("flaky") DeclaredDeployment flaky) {
        List<String> workerStates = emulator.events().forDeployment(flaky.id()).stream()
                .filter(e -> e.kind() == EmulatorEvent.Kind.WORKER)
                .map(EmulatorEvent::state)
                .toList();
        // the first start failed, as declared; the second made the worker that runs
        assertThat(workerStates).containsOnlyOnce("start_failed");
        assertThat(workerStates.indexOf("start_failed")).isLessThan(workerStates.indexOf("ready"));
        // the start used up failNextStarts; the reset after the last test put it back, as declared
        assertThat(emulator.faults().deployment(flaky.id()).current()).isEqualTo(FLAKY);

        String id = client.requests().submit(flaky.id(), chat("qwen")).id();
        assertThatThrownBy(() -> client.requests().await(flaky.id(), id))
                .isInstanceOfSatisfying(
                        RequestFailedException.class,
                        f -> assertThat(f.error().type()).isEqualTo("engine_error"));
    }

    @Test
    @Order(3)
    void leavesAFinishedRequestAHungOneAndAFaultBehind(@Declared("chat") String chatId) {
        completedRequest = client.requests().submit(chatId, chat("qwen")).id();
        client.requests().await(chatId, completedRequest);

        emulator.faults().deployment(chatId).hang();
        hungRequest = client.requests().submit(chatId, chat("qwen")).id();
        emulator.await().requestState(hungRequest, "Processing");
    }

    @Test
    @Order(4)
    void theResetAfterEachTestEndedAndForgotThemAndKeptTheWorkers(
            @Declared("chat") String chatId, @Declared("flaky") String flakyId) {
        EmulatorEvent failed = emulator.await().requestState(hungRequest, "Failed");
        assertThat(failed.details()).containsEntry("failure", "emulator_reset");
        assertThatThrownBy(() -> client.requests().fetch(chatId, hungRequest)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.requests().fetch(chatId, completedRequest))
                .isInstanceOf(NotFoundException.class);

        // the test's fault is gone, the declared ones are back as declared
        assertThat(emulator.faults().deployment(chatId).current()).isEqualTo(Faults.NONE);
        assertThat(emulator.faults().deployment(flakyId).current()).isEqualTo(FLAKY);

        // the same worker processes, answering again
        assertThat(readyPids(chatId)).isEqualTo(chatPids);
        assertThat(readyPids(flakyId)).isEqualTo(flakyPids);
        String id = client.requests().submit(chatId, chat("qwen")).id();
        assertThat(client.requests().awaitChatCompletion(chatId, id).choices()).isNotEmpty();
    }

    @Test
    @Order(5)
    void aResetEndsEveryUnfinishedRequestAndSaysHowMany(@Declared("chat") String chatId) {
        emulator.faults().deployment(chatId).hang();
        String first = client.requests().submit(chatId, chat("qwen")).id();
        String second = client.requests().submit(chatId, chat("qwen")).id();
        emulator.await().requestState(first, "Processing");
        emulator.await().requestState(second, "Processing");

        assertThat(emulator.reset()).isEqualTo(2);

        assertThat(emulator.events().requestStates(first)).containsExactly("Queued", "Processing", "Failed");
        assertThat(emulator.events().forRequest(second).get(2).message()).contains("reset");
        assertThat(emulator.faults().deployment(chatId).current()).isEqualTo(Faults.NONE);
        assertThat(readyPids(chatId)).isEqualTo(chatPids);
    }

    private static ChatCompletionRequest chat(String model) {
        return ChatCompletionRequest.builder()
                .model(model)
                .messages(List.of(ChatMessage.user("hello")))
                .maxTokens(4)
                .build();
    }

    /** The processes of the deployment's ready workers, as its events show them. */
    private static Set<Long> readyPids(String deploymentId) {
        Map<Long, Long> ready = new HashMap<>();
        for (EmulatorEvent e : emulator.events().forDeployment(deploymentId)) {
            if (e.kind() != EmulatorEvent.Kind.WORKER) {
                continue;
            }
            if (e.state().equals("ready")) {
                ready.put(e.workerId(), Long.parseLong(e.details().get("pid")));
            } else if (Set.of("stopping", "stopped", "crashed", "unresponsive").contains(e.state())) {
                ready.remove(e.workerId());
            }
        }
        return new HashSet<>(ready.values());
    }
}
