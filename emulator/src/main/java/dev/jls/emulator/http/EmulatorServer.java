package dev.jls.emulator.http;

import dev.jls.emulator.core.ControlPlane;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xnio.Options;

/**
 * The emulator's HTTP server: Undertow on one host and port, serving API.md from the routes table.
 * Knows nothing of worker processes; everything goes through the {@link ControlPlane}.
 */
public final class EmulatorServer implements AutoCloseable {

  // The server's own start-up chatter (versions, thread pools) says nothing the emulator's lines do
  // not, and in a user's test output it is noise. Held here because the JDK keeps loggers only weakly.
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("io.undertow"), Logger.getLogger("org.xnio"),
          Logger.getLogger("org.jboss.threads"));

  static {
    QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
  }

  private final Undertow undertow;
  private final WorkerLogFeed logs;
  private int port;

  /**
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, 0 for a free one
   * @param apiKeys the accepted keys, one tenant each
   * @param maxBodyBytes the largest request body accepted; larger ones get 413
   */
  public EmulatorServer(ControlPlane plane, String host, int port, List<String> apiKeys,
      long maxBodyBytes, String version) {
    this.logs = new WorkerLogFeed();
    plane.addListener(logs);
    ServerContext context =
        new ServerContext(plane, new ApiKeys(apiKeys), maxBodyBytes, version, logs);
    int ioThreads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    this.undertow = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(ioThreads)
        // handlers never block, so few worker threads are needed
        .setWorkerThreads(ioThreads * 2)
        .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
        .setSocketOption(Options.TCP_NODELAY, true)
        .setHandler(Routes.table(context))
        .build();
  }

  public void start() {
    undertow.start();
    Undertow.ListenerInfo info = undertow.getListenerInfo().get(0);
    port = ((InetSocketAddress) info.getAddress()).getPort();
  }

  /** The port the server listens on, once started. */
  public int port() {
    return port;
  }

  /** Ends the followed log streams (each with its closing comment), then stops the server. */
  @Override
  public void close() {
    try {
      // a client that does not read may hold its stream's end back; it gets its close, not more
      logs.endAll().get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // what could not be sent in time is cut off by the stop
    }
    undertow.stop();
  }
}
