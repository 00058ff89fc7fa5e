package dev.jls.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cold-start line, driven by a clock and ticks of the test's own. */
class WaitingLineTest {

    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final WaitingLine line = new WaitingLine(new PrintWriter(err), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aShortWaitShowsNothing() {
        advance(Duration.ofMillis(900));
        assertThat(line.tick()).isTrue();
        line.close();

        assertThat(err.toString()).isEmpty();
        assertThat(line.tick()).isFalse();
    }

    @Test
    void aLongWaitIsShownWithItsTimeInPlaceAndErasedAtTheFirstToken() {
        advance(Duration.ofMillis(1200));
        line.tick();
        assertThat(err.toString()).isEqualTo("\r| waiting for a worker (cold start) 1s\u001b[K");

        advance(Duration.ofMillis(2000));
        line.tick();
        assertThat(err.toString()).endsWith("\r/ waiting for a worker (cold start) 3s\u001b[K");

        line.close();
        assertThat(err.toString()).endsWith("\r\u001b[K");

        int length = err.toString().length();
        advance(Duration.ofSeconds(5));
        assertThat(line.tick()).isFalse();
        line.close();
        assertThat(err.toString()).hasSize(length);
    }
}
