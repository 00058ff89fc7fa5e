package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static void append(EventLog log, String state) {
        log.append(Instant.EPOCH, "t", ClusterEvent.Kind.DEPLOYMENT, "dep", null, 0, state, "", Map.of());
    }

    @Test
    void keepsTheLatestEventsUpToItsCapacityWithIdsInOrder() {
        EventLog log = new EventLog(3);
        for (int i = 1; i <= 5; i++) {
            append(log, "s" + i);
        }
        assertThat(log.all()).extracting(ClusterEvent::id).containsExactly(3L, 4L, 5L);
        assertThat(log.after(4)).extracting(ClusterEvent::state).containsExactly("s5");
        assertThat(log.after(1)).extracting(ClusterEvent::state).containsExactly("s3", "s4", "s5");
        assertThat(log.lastId()).isEqualTo(5);
    }

    @Test
    void aSubscriberGetsTheBacklogThenEachNewEventWithoutGapOrRepeat() throws Exception {
        EventLog log = new EventLog(10);
        append(log, "a");
        append(log, "b");
        List<String> seen = new ArrayList<>();
        AutoCloseable s =
                log.subscribe(1, backlog -> backlog.forEach(e -> seen.add(e.state())), e -> seen.add(e.state()));
        append(log, "c");
        s.close();
        append(log, "d");
        assertThat(seen).containsExactly("b", "c");
    }

    @Test
    void awaitAfterReturnsAtOnceWhenANewerEventIsThere() throws Exception {
        EventLog log = new EventLog(10);
        append(log, "a");
        assertThat(log.awaitAfter(0, Long.MAX_VALUE)).isEqualTo(1);
        // nothing newer: the wait ends with its timeout
        assertThat(log.awaitAfter(1, 1_000_000)).isEqualTo(1);
    }
}
