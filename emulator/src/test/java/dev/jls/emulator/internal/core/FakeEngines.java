package dev.jls.emulator.internal.core;

import dev.jls.emulator.internal.engine.EngineErrorMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Engine exchanges that the test answers, breaks or sees aborted. */
final class FakeEngines implements EngineClient {

    final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized EngineExchange send(EngineAddress address, String path, byte[] body, Listener listener) {
        Call c = new Call(address.port(), path, new String(body, StandardCharsets.UTF_8), listener);
        calls.add(c);
        return c;
    }

    /** Calls neither answered, broken nor aborted. */
    synchronized List<Call> open() {
        return calls.stream().filter(c -> !c.ended && !c.aborted).toList();
    }

    synchronized List<Call> openOn(int port) {
        return open().stream().filter(c -> c.port == port).toList();
    }

    /** Ports whose kept-alive connections were closed, in order. */
    final List<Integer> forgotten = new ArrayList<>();

    @Override
    public synchronized void forget(EngineAddress address) {
        forgotten.add(address.port());
    }

    @Override
    public String errorMessage(int status, byte[] body) {
        return EngineErrorMessage.of(status, body);
    }

    @Override
    public void close() {}

    /** One exchange with a fake engine. */
    static final class Call implements EngineExchange {
        final int port;
        final String path;
        final String body;
        final Listener listener;
        boolean aborted;
        boolean ended;
        boolean responded;

        Call(int port, String path, String body, Listener listener) {
            this.port = port;
            this.path = path;
            this.body = body;
            this.listener = listener;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        void answer(int status, String body) {
            respond(status, "application/json");
            chunk(body);
            complete();
        }

        void respond(int status, String contentType) {
            responded = true;
            listener.onResponse(status, contentType);
        }

        void chunk(String text) {
            listener.onData(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), () -> {});
        }

        void complete() {
            ended = true;
            listener.onComplete();
        }

        void breakConnection() {
            ended = true;
            listener.onFailure(new IOException("connection reset"));
        }
    }
}
