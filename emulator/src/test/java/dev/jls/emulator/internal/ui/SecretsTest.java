package dev.jls.emulator.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Login tokens and sessions: random, used once where redeemed, gone once expired. */
class SecretsTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenIsRedeemedOnceAndNotAfterItExpires() {
        Hands clock = new Hands();
        Secrets tokens = new Secrets(clock, Duration.ofMinutes(2));
        String once = tokens.issue("tenant-a");
        String late = tokens.issue("tenant-a");
        assertThat(once).isNotEqualTo(late).hasSizeGreaterThanOrEqualTo(32);

        assertThat(tokens.redeem(once)).map(Secrets.Grant::tenant).hasValue("tenant-a");
        assertThat(tokens.redeem(once)).isEmpty();

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(tokens.redeem(late)).isEmpty();
        assertThat(tokens.redeem("")).isEmpty();
        assertThat(tokens.redeem(null)).isEmpty();
    }

    @Test
    void aSessionLastsUntilItExpiresOrIsRevoked() {
        Hands clock = new Hands();
        Secrets sessions = new Secrets(clock, Duration.ofHours(12));
        String kept = sessions.issue("tenant-b");
        String revoked = sessions.issue("tenant-b");
        assertThat(sessions.find(kept)).isPresent();
        assertThat(sessions.find(kept)).isPresent();
        assertThat(sessions.find(kept).orElseThrow().csrf()).isNotBlank().isNotEqualTo(kept);

        sessions.revoke(revoked);
        assertThat(sessions.find(revoked)).isEmpty();

        clock.now = clock.now.plus(Duration.ofHours(12));
        assertThat(sessions.find(kept)).isEmpty();
    }

    @Test
    void valuesAreEscapedUnlessTheyAreMarkup() {
        Html cell = Html.of("<td title=\"{}\">{}</td>", "a\"b", "<script>alert('x')</script>&");
        assertThat(cell.toString())
                .isEqualTo("<td title=\"a&quot;b\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>");
        assertThat(Html.of("<tr>{}</tr>", cell).toString()).startsWith("<tr><td title=");
    }
}
