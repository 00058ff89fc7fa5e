package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import dev.jls.emulator.internal.io.IoThreads;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;

/** An adapter on IO threads it shares with a server, as the emulator runs it; one subclass per adapter. */
abstract class SharedThreadsContract extends EngineClientContract {

    final IoThreads io = IoThreads.start("test-io", 2);

    @AfterEach
    void stopThreads() {
        io.close();
    }

    @Test
    void anAnswerIsReadOnTheThreadTheListenerNames() throws Exception {
        int port = engine(
                fixed("application/json", "one"), fixed("application/json", "two"), fixed("text/plain", "three"));
        for (String expected : List.of("one", "two", "three")) {
            XnioIoThread wanted = io.worker().getIoThread();
            List<Thread> seenOn = new CopyOnWriteArrayList<>();
            CompletableFuture<String> done = new CompletableFuture<>();
            client.send(EngineAddress.local(port), "/v1/completions", new byte[0], new EngineClient.Listener() {
                @Override
                public void onResponse(int status, String contentType) {
                    seenOn.add(Thread.currentThread());
                }

                @Override
                public void onData(ByteBuffer data, Runnable more) {
                    seenOn.add(Thread.currentThread());
                    done.complete(StandardCharsets.UTF_8.decode(data).toString());
                    more.run();
                }

                @Override
                public void onComplete() {
                    seenOn.add(Thread.currentThread());
                }

                @Override
                public void onFailure(Throwable cause) {
                    done.completeExceptionally(cause);
                }

                @Override
                public Executor preferredThread() {
                    return wanted;
                }
            });
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo(expected);
            assertThat(seenOn).isNotEmpty().allMatch(t -> t == wanted);
        }
    }

    @Test
    void closingTheClientLeavesTheThreadsRunning() {
        client.close();
        assertThat(io.worker().isShutdown()).isFalse();
    }
}
