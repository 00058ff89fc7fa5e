package dev.jls.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jls.sdk.errors.JlsInvalidDataException;
import dev.jls.sdk.models.Usage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Page(List<String> itemNames, String nextCursor) {}

    @Test
    void plainTypesUseSnakeCaseAndOmitAbsentValues() {
        assertThat(Json.write(new Page(List.of("a"), null))).isEqualTo("{\"item_names\":[\"a\"]}");
        Page page = Json.read("{\"item_names\":[\"b\"],\"unknown\":1}", Page.class);
        assertThat(page.itemNames()).containsExactly("b");
    }

    @Test
    void malformedInputIsInvalidData() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":"))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("{\"a\":");
        assertThatThrownBy(() -> Json.readTree(""))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessage("expected JSON but the body was empty");
        assertThatThrownBy(() -> Json.read("<html>", Usage.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessageContaining("<html>");
        assertThatThrownBy(() -> Json.read(" ", Usage.class)).isInstanceOf(JlsInvalidDataException.class);
        assertThatThrownBy(() -> Json.read("null", Usage.class))
                .isInstanceOf(JlsInvalidDataException.class)
                .hasMessage("expected Usage but the JSON was null");
        assertThatThrownBy(() -> Json.read("{\"item_names\":5}", Page.class))
                .isInstanceOf(JlsInvalidDataException.class);
    }

    @Test
    void aModelsOwnCheckIsNotHiddenByJackson() {
        assertThatThrownBy(() -> Json.read("{\"prompt_tokens\":\"ten\"}", Usage.class))
                .isExactlyInstanceOf(JlsInvalidDataException.class)
                .hasMessageStartingWith("Usage.prompt_tokens: expected an integer");
    }

    @Test
    void bytesStreamsAndTrees() {
        byte[] bytes = "{\"prompt_tokens\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.read(bytes, Usage.class).promptTokens()).isEqualTo(1);
        assertThat(Json.readTree(new ByteArrayInputStream(bytes))
                        .get("prompt_tokens")
                        .asInt())
                .isEqualTo(1);
        assertThat(Json.convert(Json.readTree(bytes), Usage.class))
                .isEqualTo(Usage.builder().promptTokens(1).build());
        assertThat(new String(Json.writeBytes(Usage.builder().promptTokens(1).build()), StandardCharsets.UTF_8))
                .isEqualTo("{\"prompt_tokens\":1}");
    }

    @Test
    void snippetIsOneShortLine() {
        assertThat(Json.snippet("a\n\n  b")).isEqualTo("a b");
        assertThat(Json.snippet("x".repeat(300))).hasSize(203).endsWith("...");
        assertThat(Json.snippet(null)).isEmpty();
    }

    @Test
    void timestampsNaiveOrWithOffset() {
        assertThat(Timestamps.parse("2026-06-08T08:38:45.011322"))
                .contains(OffsetDateTime.of(2026, 6, 8, 8, 38, 45, 11_322_000, ZoneOffset.UTC));
        assertThat(Timestamps.parse("2026-06-08T10:40:00+02:00"))
                .contains(OffsetDateTime.of(2026, 6, 8, 10, 40, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(Timestamps.parse("2026-06-08T08:40:00Z")).isPresent();
        assertThat(Timestamps.parse("2026-06-08 08:40:00")).isPresent();
        assertThat(Timestamps.parse("last tuesday")).isEmpty();
        assertThat(Timestamps.parse(null)).isEmpty();
    }
}
