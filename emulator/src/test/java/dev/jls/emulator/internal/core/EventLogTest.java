package dev.jls.emulator.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aRequestsEventGivesBackItsIdItsWorkerAndItsTimeAsAppended() {
        EventLog log = new EventLog(10);
        String id = Ids.request();
        Instant at = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
        log.appendRequest(at, "t", "dep", id, 0, "Queued");
        log.appendRequest(at.plusNanos(1), "t", "dep", id, 7, "Processing");
        List<ClusterEvent> events = log.all();
        assertThat(events).extracting(ClusterEvent::requestId).containsExactly(id, id);
        assertThat(events.get(0).details()).isEmpty();
        assertThat(events.get(1).details()).containsExactly(Map.entry("worker", "7"));
        assertThat(events.get(1).workerId()).isZero();
        assertThat(events.get(1).time()).isEqualTo(at.plusNanos(1));
        assertThat(events).extracting(ClusterEvent::kind).containsOnly(ClusterEvent.Kind.REQUEST);
    }

    @Test
    void requestIdsOfAnotherFormAreKeptAsTheyAre() {
        EventLog log = new EventLog(10);
        // upper-case digits, a short id, one from elsewhere: none may come back changed
        List<String> ids =
                List.of("req-0123456789ABCDEF01234567", "req-12", "something-else", "req-0123456789abcdef0123456g");
        for (String id : ids) {
            log.appendRequest(Instant.EPOCH, "t", "dep", id, 0, "Queued");
        }
        assertThat(log.all()).extracting(ClusterEvent::requestId).containsExactlyElementsOf(ids);
    }

    @Test
    void aFailuresDetailsAndMessageAreKept() {
        EventLog log = new EventLog(10);
        String id = Ids.request();
        log.append(
                Instant.EPOCH,
                "t",
                ClusterEvent.Kind.REQUEST,
                "dep",
                id,
                0,
                "Failed",
                "worker crashed",
                Map.of("failure", "worker_crashed", "worker", "3"));
        ClusterEvent e = log.all().get(0);
        assertThat(e.message()).isEqualTo("worker crashed");
        assertThat(e.details()).containsOnly(Map.entry("failure", "worker_crashed"), Map.entry("worker", "3"));
        assertThat(e.requestId()).isEqualTo(id);
    }

    @Test
    void aRingLargerThanOneStretchWrapsAroundInOrder() {
        // not a multiple of the stretch of places the log allocates at a time
        EventLog log = new EventLog(10_007);
        for (int i = 1; i <= 25_000; i++) {
            log.append(Instant.ofEpochSecond(i), "t", ClusterEvent.Kind.WORKER, "dep", null, i, "s" + i, "", Map.of());
        }
        List<ClusterEvent> all = log.all();
        assertThat(all).hasSize(10_007);
        for (int k = 0; k < all.size(); k++) {
            long id = 25_000 - 10_007 + 1 + k;
            ClusterEvent e = all.get(k);
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.workerId()).isEqualTo(id);
            assertThat(e.state()).isEqualTo("s" + id);
            assertThat(e.time()).isEqualTo(Instant.ofEpochSecond(id));
        }
        assertThat(log.after(24_998)).extracting(ClusterEvent::state).containsExactly("s24999", "s25000");
        assertThat(log.after(25_000)).isEmpty();
    }

    @Test
    void aSubscriberSeesARequestsEventAsAReaderWould() throws Exception {
        EventLog log = new EventLog(10);
        List<ClusterEvent> seen = new ArrayList<>();
        AutoCloseable s = log.subscribe(0, backlog -> {}, seen::add);
        log.appendRequest(Instant.EPOCH, "t", "dep", Ids.request(), 4, "Processing");
        s.close();
        assertThat(seen).containsExactlyElementsOf(log.all());
    }

    @Test
    void anEventWithoutAStateIsRefusedWhenAppendedAndTheLogStaysReadable() {
        EventLog log = new EventLog(10);
        append(log, "a");
        assertThatThrownBy(() -> log.append(
                        Instant.EPOCH, "t", ClusterEvent.Kind.DEPLOYMENT, "dep", null, 0, null, "", Map.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("state");
        assertThat(log.all()).extracting(ClusterEvent::state).containsExactly("a");
    }
}
