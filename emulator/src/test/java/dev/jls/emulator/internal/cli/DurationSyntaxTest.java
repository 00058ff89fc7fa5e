package dev.jls.emulator.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The one duration syntax of every option, and the size syntax beside it. */
class DurationSyntaxTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "30s, PT30S",
        "1.5m, PT1M30S",
        "10m, PT10M",
        "1h, PT1H",
        "2d, PT48H",
        "90, PT1M30S",
        "0.25, PT0.25S",
        "0, PT0S",
        "' 5 M ', PT5M",
        "PT1H, PT1H",
        "pt15m, PT15M",
        "P1D, PT24H",
    })
    void readsEveryForm(String text, String expected) {
        assertThat(DurationSyntax.parse(text)).isEqualTo(Duration.parse(expected));
        assertThat(new DurationSyntax.Converter().convert(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5 minutes", "-1s", "1.s", "1w", "10 sec", "PT"})
    void refusesAnythingElseWithOneMessage(String text) {
        String message =
                "'" + text + "' is not a duration; write e.g. 90 (seconds), 500ms, 30s, 1.5m," + " 1h, 2d or PT1H";
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> new DurationSyntax.Converter().convert(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "PT0S"})
    void thePositiveConverterRefusesZero(String text) {
        assertThatThrownBy(() -> new DurationSyntax.PositiveConverter().convert(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' must be longer than zero");
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "1048576, 1048576",
        "512k, 524288",
        "512KiB, 524288",
        "10MiB, 10485760",
        "10mb, 10485760",
        "1g, 1073741824",
        "7b, 7"
    })
    void readsSizes(String text, long bytes) {
        assertThat(SizeSyntax.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "1.5m", "10 TiB"})
    void refusesOtherSizes(String text) {
        assertThatThrownBy(() -> SizeSyntax.parse(text))
                .hasMessage("'" + text + "' is not a size (e.g. 10MiB, 512KiB, 1048576)");
    }
}
