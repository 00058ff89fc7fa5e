package dev.jls.emulator.internal.workers;

import dev.jls.emulator.internal.core.WorkerHandle;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** What every worker launcher needs beside its workers: a timer thread, an HTTP client for probes, a way to stop all. */
public final class LauncherThreads {

    private LauncherThreads() {}

    /** One daemon thread named {@code name} for timers and short tasks; cancelled tasks leave it at once. */
    public static ScheduledExecutorService scheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }

    /** The client of the engines' health checks and model cards: HTTP/1.1, no proxy, a short connect timeout. */
    public static HttpClient probeClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    /** Stops every one of {@code workers} with {@code grace}, all at once; returns when they are gone. */
    public static void stopAll(Collection<? extends WorkerHandle> workers, Duration grace) {
        List<Thread> stoppers = new ArrayList<>();
        for (WorkerHandle worker : workers) {
            Thread stopper = new Thread(() -> worker.stop(grace), "jls-worker-" + worker.workerId() + "-stop");
            stopper.setDaemon(true);
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
