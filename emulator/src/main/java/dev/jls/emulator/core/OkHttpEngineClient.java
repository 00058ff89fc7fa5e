package dev.jls.emulator.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * An {@link EngineClient} on OkHttp: each exchange runs on one thread from start to end (blocking
 * reads on a kept-alive HTTP/1.1 connection), which costs less CPU per request than handing each
 * step between threads. A streamed body is passed on piece by piece as it arrives; the next piece is
 * read only after the last is written, so a slow client slows the engine rather than filling memory.
 */
public final class OkHttpEngineClient implements EngineClient {

  private static final MediaType JSON = MediaType.get("application/json");
  /** Below the JDK HTTP server's idle timeout (30 s), so a pooled connection is never stale. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

  private final OkHttpClient client;
  private final ThreadPoolExecutor executor;

  public OkHttpEngineClient() {
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "jls-engine-client-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    Dispatcher dispatcher = new Dispatcher(executor);
    // slots per worker bound the exchanges; the dispatcher must not queue any of them
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    this.client = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(512, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .connectTimeout(Duration.ofSeconds(10))
        .writeTimeout(Duration.ofSeconds(60))
        // an engine may think for as long as it likes; wait_time and cancel bound a request
        .readTimeout(Duration.ZERO)
        .callTimeout(Duration.ZERO)
        .build();
  }

  @Override
  public EngineExchange send(int port, String path, byte[] body, Listener listener) {
    Request request = new Request.Builder()
        .url("http://127.0.0.1:" + port + path)
        .header("Accept", "application/json, text/event-stream")
        .post(RequestBody.create(body, JSON))
        .build();
    Exchange exchange = new Exchange(client.newCall(request), listener);
    exchange.call.enqueue(exchange);
    return exchange;
  }

  @Override
  public void close() {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    executor.shutdownNow();
  }

  private static final class Exchange implements EngineExchange, Callback {
    final Call call;
    private final Listener listener;
    private final Semaphore written = new Semaphore(0);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean aborted;

    Exchange(Call call, Listener listener) {
      this.call = call;
      this.listener = listener;
    }

    @Override
    public void abort() {
      aborted = true;
      call.cancel();
      written.release();
    }

    @Override
    public void onFailure(Call c, IOException e) {
      fail(e);
    }

    @Override
    public void onResponse(Call c, Response response) {
      try (response) {
        ResponseBody body = response.body();
        listener.onResponse(response.code(), response.header("Content-Type", "application/json"));
        BufferedSource source = body.source();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = source.read(buffer)) != -1) {
          if (aborted) {
            return;
          }
          listener.onData(ByteBuffer.wrap(buffer, 0, n), written::release);
          // the buffer is reused: wait until the piece is written
          while (!written.tryAcquire(1, TimeUnit.SECONDS)) {
            if (aborted) {
              return;
            }
          }
        }
        if (ended.compareAndSet(false, true)) {
          listener.onComplete();
        }
      } catch (IOException e) {
        fail(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(new InterruptedIOException("interrupted"));
      }
    }

    private void fail(IOException e) {
      if (ended.compareAndSet(false, true)) {
        listener.onFailure(e);
      }
    }
  }
}
