package dev.jls.emulator.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.xnio.ChannelListener;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Keeps a client's connection in its IO thread's poll set while the connection's request waits for an
 * answer that comes later (a forwarded request).
 *
 * <p>Undertow suspends a connection's reads once it has parsed a request, and resumes them when the
 * exchange ends. The JDK's selector takes a channel that is interested in nothing out of its epoll set,
 * and puts it back once it is interested again: two {@code epoll_ctl} calls for every forwarded
 * request, counted under load. Resuming the reads at once, with a listener that suspends them again as
 * soon as the client sends anything before its answer (a pipelined request, or the end of its side of
 * the connection), keeps the connection in the set across the exchange, and Undertow's own resumption
 * at the end finds its reads resumed already. What the client sent early waits, unread, for Undertow's
 * next request, as it would have otherwise.
 */
final class PollInterest {

    private PollInterest() {}

    /**
     * Keeps {@code ex}'s connection polled for reads until its exchange ends. Call on the exchange's IO
     * thread, once its request body has been read; a connection whose reads someone resumed already is
     * left alone.
     */
    static void keepWhileAnswering(HttpServerExchange ex) {
        if (!(ex.getConnection() instanceof HttpServerConnection connection)
                || Thread.currentThread() != ex.getIoThread()) {
            return;
        }
        // beneath the request's own conduits, which refuse to resume reads once its body is read
        StreamSourceConduit conduit = connection.getOriginalSourceConduit();
        if (conduit.isReadResumed()) {
            return;
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        source.getReadSetter().set((ChannelListener<ConduitStreamSourceChannel>) channel -> {
            channel.getReadSetter().set(null);
            conduit.suspendReads();
        });
        conduit.resumeReads();
    }
}
