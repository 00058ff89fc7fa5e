package dev.jls.emulator.internal.http;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Writes a response body piece by piece from any thread, without blocking: one write is under way at
 * a time, later ones wait their turn, and {@link #close()} ends the exchange after the last. A broken
 * connection (the client went away) is reported once to {@code onBroken}.
 */
public final class ExchangeWriter {

    private record Piece(ByteBuffer data, Runnable written) {}

    private final HttpServerExchange exchange;
    private final Runnable onBroken;
    private final ArrayDeque<Piece> waiting = new ArrayDeque<>();
    // guarded by this
    private boolean writing;
    private boolean closing;
    private boolean done;

    public ExchangeWriter(HttpServerExchange exchange, Runnable onBroken) {
        this.exchange = exchange;
        this.onBroken = onBroken;
    }

    /** Writes {@code data}, then runs {@code written} (which may be null). Ignored once closed. */
    public void write(ByteBuffer data, Runnable written) {
        synchronized (this) {
            if (done || closing) {
                return;
            }
            if (writing) {
                waiting.add(new Piece(data, written));
                return;
            }
            writing = true;
        }
        send(new Piece(data, written));
    }

    /** Ends the exchange once everything written so far is out. */
    public void close() {
        synchronized (this) {
            if (done || closing) {
                return;
            }
            closing = true;
            if (writing) {
                return;
            }
            done = true;
        }
        exchange.endExchange();
    }

    synchronized boolean isOpen() {
        return !done && !closing;
    }

    private void send(Piece piece) {
        exchange.getResponseSender().send(piece.data(), new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                if (piece.written() != null) {
                    piece.written().run();
                }
                next();
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                broken();
            }
        });
    }

    private void next() {
        Piece next;
        boolean end = false;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                writing = false;
                if (closing && !done) {
                    done = true;
                    end = true;
                }
            }
        }
        if (next != null) {
            send(next);
        } else if (end) {
            exchange.endExchange();
        }
    }

    private void broken() {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            waiting.clear();
        }
        exchange.setPersistent(false);
        exchange.endExchange();
        onBroken.run();
    }
}
