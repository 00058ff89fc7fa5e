package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BatchedOutputTest {

    /** Records each write it gets; a write can be held back until the test lets it go. */
    private static final class Recording extends OutputStream {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final List<String> writes = new ArrayList<>();
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            firstWriteStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                all.write(b, off, len);
                writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void linesWrittenDuringAWriteGoOutTogetherAndFlushWritesEverything() throws Exception {
        Recording target = new Recording();
        BatchedOutput out = new BatchedOutput(target);
        out.write("one\n".getBytes(StandardCharsets.UTF_8));
        target.firstWriteStarted.await();
        // the writer is busy with "one": these wait for it and then go out as one write
        out.write("two\n".getBytes(StandardCharsets.UTF_8));
        out.write("three\n".getBytes(StandardCharsets.UTF_8));
        target.release.countDown();
        out.flush();

        synchronized (target) {
            assertThat(target.all.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
            assertThat(target.writes).containsExactly("one\n", "two\nthree\n");
        }
    }

    @Test
    void everyByteFromManyThreadsArrivesAndEachThreadsLinesInOrder() throws Exception {
        Recording target = new Recording();
        target.release.countDown();
        BatchedOutput out = new BatchedOutput(target);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    byte[] line = (id + ":" + i + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(line, 0, line.length);
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread t : threads) {
            t.join();
        }
        out.flush();
        String[] lines;
        synchronized (target) {
            lines = target.all.toString(StandardCharsets.UTF_8).split("\n");
        }
        assertThat(lines).hasSize(2000);
        for (int t = 0; t < 4; t++) {
            String prefix = t + ":";
            List<String> mine =
                    Arrays.stream(lines).filter(l -> l.startsWith(prefix)).toList();
            assertThat(mine).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(mine.get(i)).isEqualTo(prefix + i);
            }
        }
    }

    @Test
    void aFailedWriteIsReportedByFlush() {
        BatchedOutput out = new BatchedOutput(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("pipe closed");
            }
        });
        out.write('x');
        // whether the writer or the flush itself tried the write, the flush reports its failure
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class).hasMessageContaining("pipe closed");
    }
}
