package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jls.emulator.internal.core.EngineAddress;
import dev.jls.emulator.internal.core.EngineClient;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NioEngineClientTest extends EngineClientContract {

    @Override
    EngineClient newClient() {
        return new NioEngineClient();
    }

    @Test
    void anAnswerThatComesBeforeTheWholeRequestStandsAndTheConnectionIsClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Long> drained = new CompletableFuture<>();
            CountDownLatch answered = new CountDownLatch(1);
            Thread engine = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    // reads the head only and refuses the body at once, reading none of it
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    s.getOutputStream()
                            .write(("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                                            + "Content-Length: 11\r\n\r\n{\"e\":\"big\"}")
                                    .getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    // once the client has the answer, what it had sent of the body, then its end
                    answered.await();
                    byte[] drain = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = in.read(drain)) >= 0; ) {
                        total += n;
                    }
                    drained.complete(total);
                } catch (Exception e) {
                    drained.completeExceptionally(e);
                }
            });
            engine.setDaemon(true);
            engine.start();
            Recording r = new Recording();
            // far more than the sockets' buffers hold, so the client is still writing when the answer comes
            client.send(EngineAddress.local(server.getLocalPort()), "/v1/completions", new byte[32 << 20], r);
            assertThat(r.await()).isEqualTo("{\"e\":\"big\"}");
            assertThat(r.status).isEqualTo(413);
            answered.countDown();
            // the client stopped sending and closed the connection rather than keeping it
            assertThat(drained.get(30, TimeUnit.SECONDS)).isLessThan(32L << 20);
        }
    }

    @Test
    void aMalformedAnswerFailsWithWhatIsWrongAndTheNextRequestGoesOnAFreshConnection() throws Exception {
        int port = engine(
                (out, request) -> {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                            .getBytes(StandardCharsets.UTF_8));
                    return true;
                },
                fixed("application/json", "fine"));
        Recording broken = send(port, "{}");
        assertThat(broken.done)
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableThat()
                .withMessageContaining("the engine's answer is malformed: a chunk size that is not hex: \"zz\"");
        assertThat(send(port, "{}").await()).isEqualTo("fine");
        assertThat(connections()).isEqualTo(2);
    }
}
