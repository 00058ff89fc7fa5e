package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadEventLoopTest {

    private final ThreadEventLoop loop = new ThreadEventLoop("test-loop");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aTaskPostedInlineOnAFreeLoopRunsOnTheCallersThreadBeforeTheCallReturns() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Boolean> inLoop = new AtomicReference<>();
        loop.executeInline(() -> {
            ranOn.set(Thread.currentThread());
            inLoop.set(loop.inLoop());
        });
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(inLoop.get()).isTrue();
        assertThat(loop.inLoop()).isFalse();
    }

    @Test
    void aTaskPostedInlineWhileAnotherRunsWaitsForItAndRunsElsewhere() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        loop.execute(() -> {
            holding.countDown();
            await(release);
            order.add("first");
        });
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch second = new CountDownLatch(1);
        loop.executeInline(() -> {
            order.add("second");
            ranOn.set(Thread.currentThread());
            second.countDown();
        });
        // the loop was busy: the call returned without running the task
        assertThat(order).isEmpty();
        release.countDown();
        assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("first", "second");
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInTheOrderEachThreadPostedThem() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] lastSeen = new int[threads];
        AtomicInteger outOfOrder = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread poster = new Thread(() -> {
                await(start);
                for (int i = 1; i <= perThread; i++) {
                    int n = i;
                    Runnable task = () -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        // the loop's state needs no lock: plain fields, read and written by one task at a time
                        if (lastSeen[id] != n - 1) {
                            outOfOrder.incrementAndGet();
                        }
                        lastSeen[id] = n;
                        running.decrementAndGet();
                        done.countDown();
                    };
                    if (n % 2 == 0) {
                        loop.executeInline(task);
                    } else {
                        loop.execute(task);
                    }
                }
            });
            posters.add(poster);
            poster.start();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Thread poster : posters) {
            poster.join();
        }
        assertThat(overlaps.get()).isZero();
        assertThat(outOfOrder.get()).isZero();
        for (int seen : loop.call(() -> lastSeen.clone()).join()) {
            assertThat(seen).isEqualTo(perThread);
        }
    }

    @Test
    void anInlineRunLeavesWhatIsBeyondItsShareToTheLoopsThread() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread caller = new Thread(() -> loop.executeInline(() -> {
            holding.countDown();
            await(release);
        }));
        caller.start();
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        int queued = ThreadEventLoop.INLINE_BUDGET * 3;
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(queued);
        for (int i = 0; i < queued; i++) {
            loop.execute(() -> {
                ranOn.add(Thread.currentThread());
                all.countDown();
            });
        }
        release.countDown();
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        caller.join();
        long onCaller = ranOn.stream().filter(t -> t == caller).count();
        // the caller's share counts the task it came with
        assertThat(onCaller).isEqualTo(ThreadEventLoop.INLINE_BUDGET - 1);
        assertThat(ranOn.stream().filter(t -> t != caller).map(Thread::getName))
                .hasSize(queued - ThreadEventLoop.INLINE_BUDGET + 1)
                .containsOnly("test-loop");
    }

    @Test
    void aFailingTaskDoesNotStopTheLoop() {
        loop.executeInline(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        loop.execute(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        assertThat(loop.call(() -> "still running").join()).isEqualTo("still running");
        assertThat(loop.callInline(() -> "inline too").join()).isEqualTo("inline too");
    }

    @Test
    void theTickIsATaskOnTheLoop() throws Exception {
        CountDownLatch ticked = new CountDownLatch(3);
        AtomicInteger outsideLoop = new AtomicInteger();
        loop.every(Duration.ofMillis(1), () -> {
            if (!loop.inLoop()) {
                outsideLoop.incrementAndGet();
            }
            ticked.countDown();
        });
        assertThat(ticked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(outsideLoop.get()).isZero();
    }

    @Test
    void closeRunsWhatWasPostedAndDropsWhatComesAfter() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        loop.execute(() -> await(release));
        for (int i = 0; i < 10; i++) {
            loop.execute(ran::incrementAndGet);
        }
        release.countDown();
        loop.close();
        assertThat(ran.get()).isEqualTo(10);
        loop.execute(ran::incrementAndGet);
        loop.executeInline(ran::incrementAndGet);
        assertThat(ran.get()).isEqualTo(10);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
