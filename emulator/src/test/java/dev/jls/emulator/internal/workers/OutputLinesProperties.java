package dev.jls.emulator.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class OutputLinesProperties {

    /** Text with line ends of every kind, and characters of one to four bytes in UTF-8. */
    @Provide
    Arbitrary<String> output() {
        return Arbitraries.of("a", "z", " ", "\n", "\r", "\r\n", "é", "€", "\uD83D\uDE00")
                .list()
                .ofMaxSize(200)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 500)
    void splitsAsReadLineDoesHoweverThePipeChunksIt(
            @ForAll("output") String text, @ForAll @IntRange(min = 1, max = 17) int chunk) throws IOException {
        List<String> expected = new ArrayList<>();
        BufferedReader reference = new BufferedReader(new StringReader(text));
        for (String l; (l = reference.readLine()) != null; ) {
            expected.add(l);
        }
        List<String> lines = new ArrayList<>();
        new OutputLines(new Trickle(text.getBytes(StandardCharsets.UTF_8), chunk), 1 << 16).pump(lines::add);
        assertThat(lines).isEqualTo(expected);
    }

    @Example
    void aLineOverTheLimitIsCutAndSaysHowMuchWasDropped() throws IOException {
        String text = "x".repeat(100) + "\nnext\n";
        List<String> lines = new ArrayList<>();
        new OutputLines(new Trickle(text.getBytes(StandardCharsets.US_ASCII), 7), 40).pump(lines::add);
        assertThat(lines).containsExactly("x".repeat(40) + " [60 more bytes of this line dropped]", "next");
    }

    @Example
    void gatheringBetweenReadsLosesNothingAndAnInterruptEndsOnlyThePauses() throws IOException {
        String text = "one\ntwo\r\nthree\rfour";
        List<String> lines = new ArrayList<>();
        new OutputLines(new Trickle(text.getBytes(StandardCharsets.US_ASCII), 3), 1 << 16, Duration.ofMillis(1))
                .pump(lines::add);
        assertThat(lines).containsExactly("one", "two", "three", "four");

        // interrupted (the emulator shutting down), the reader drains the rest at once and keeps the flag
        List<String> drained = new ArrayList<>();
        Thread.currentThread().interrupt();
        try {
            new OutputLines(new Trickle(text.getBytes(StandardCharsets.US_ASCII), 2), 1 << 16, Duration.ofHours(1))
                    .pump(drained::add);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(drained).containsExactly("one", "two", "three", "four");
    }

    @Example
    void aNegativeGatheringPauseIsRefused() {
        assertThatThrownBy(() -> new OutputLines(InputStream.nullInputStream(), 10, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gather");
    }

    /** A pipe that hands out at most {@code chunk} bytes per read. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream bytes;
        private final int chunk;

        Trickle(byte[] data, int chunk) {
            this.bytes = new ByteArrayInputStream(data);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return bytes.read(b, off, Math.min(len, chunk));
        }
    }
}
