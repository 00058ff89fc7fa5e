package dev.jls.emulator.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Login tokens and sessions: random, used once where redeemed, gone once expired. */
class SecretsTest {

    @Test
    void aTokenIsRedeemedOnceAndNotAfterItExpires() {
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Secrets tokens = new Secrets(clock::get, Duration.ofMinutes(2));
        String once = tokens.issue("tenant-a");
        String late = tokens.issue("tenant-a");
        assertThat(once).isNotEqualTo(late).hasSizeGreaterThanOrEqualTo(32);

        assertThat(tokens.redeem(once)).map(Secrets.Grant::tenant).hasValue("tenant-a");
        assertThat(tokens.redeem(once)).isEmpty();

        clock.set(clock.get().plus(Duration.ofMinutes(2)));
        assertThat(tokens.redeem(late)).isEmpty();
        assertThat(tokens.redeem("")).isEmpty();
        assertThat(tokens.redeem(null)).isEmpty();
    }

    @Test
    void aSessionLastsUntilItExpiresOrIsRevoked() {
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Secrets sessions = new Secrets(clock::get, Duration.ofHours(12));
        String kept = sessions.issue("tenant-b");
        String revoked = sessions.issue("tenant-b");
        assertThat(sessions.find(kept)).isPresent();
        assertThat(sessions.find(kept)).isPresent();
        assertThat(sessions.find(kept).orElseThrow().csrf()).isNotBlank().isNotEqualTo(kept);

        sessions.revoke(revoked);
        assertThat(sessions.find(revoked)).isEmpty();

        clock.set(clock.get().plus(Duration.ofHours(12)));
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
