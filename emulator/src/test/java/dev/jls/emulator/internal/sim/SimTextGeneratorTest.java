package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SimTextGeneratorTest {

    private static SimTextGenerator.Generation generate(long seed, int limit, List<String> stops) {
        return SimTextGenerator.generate(
                new SimTextGenerator.Spec(seed, List.of("harbour", "lighthouse"), limit, true, 0, stops, false));
    }

    @Test
    void theSameSeedGivesTheSameTextAndAnotherSeedAnotherText() {
        SimTextGenerator.Generation a = generate(42, 1000, List.of());
        assertThat(generate(42, 1000, List.of())).isEqualTo(a);
        assertThat(generate(43, 1000, List.of()).text()).isNotEqualTo(a.text());
    }

    @Test
    void textReadsAsSentencesOfWords() {
        String text = generate(7, 1000, List.of()).text();
        assertThat(text).matches("([A-Z][a-z]*( [a-z]+|,)*\\.)( [A-Z][a-z]*( [a-z]+|,)*\\.)*");
    }

    @Test
    void promptWordsShowInTheText() {
        String all = "";
        for (long seed = 0; seed < 5; seed++) {
            all += generate(seed, 1000, List.of()).text();
        }
        assertThat(all).contains("harbour").contains("lighthouse");
    }

    @Test
    void promptWordsSkipFunctionWordsAndNonWords() {
        assertThat(SimTextGenerator.promptWords("Tell me about the Lighthouse keepers of 1900, please!"))
                .containsExactly("lighthouse", "keepers");
    }

    @Property
    void piecesJoinToTheTextAndEachIsOneToken(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int limit) {
        SimTextGenerator.Generation g = generate(seed, limit, List.of());
        assertThat(String.join("", g.pieces())).isEqualTo(g.text());
        assertThat(g.tokens()).isEqualTo(g.pieces().size()).isEqualTo(SimTokenizer.count(g.text()));
        assertThat(g.tokens()).isLessThanOrEqualTo(limit);
        assertThat(g.finishReason()).isEqualTo(g.tokens() == limit ? "length" : "stop");
    }

    @Property
    void aLimitCutsTheSameSequence(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int limit) {
        SimTextGenerator.Generation full = generate(seed, 1000, List.of());
        SimTextGenerator.Generation cut = generate(seed, limit, List.of());
        assertThat(full.text()).startsWith(cut.text());
        assertThat(full.pieces()).startsWith(cut.pieces().toArray(String[]::new));
    }

    @Property
    void theNaturalStopEndsASentenceWellWithinTheContext(@ForAll long seed) {
        SimTextGenerator.Generation g = generate(seed, 8192, List.of());
        assertThat(g.finishReason()).isEqualTo("stop");
        assertThat(g.text()).endsWith(".");
        assertThat(g.tokens()).isBetween(17, 300);
    }

    @Property
    void withoutTheNaturalStopTheLimitEndsIt(@ForAll long seed, @ForAll @IntRange(min = 1, max = 500) int limit) {
        SimTextGenerator.Generation g = SimTextGenerator.generate(
                new SimTextGenerator.Spec(seed, List.of(), limit, false, 0, List.of(), false));
        assertThat(g.tokens()).isEqualTo(limit);
        assertThat(g.finishReason()).isEqualTo("length");
    }

    @Property
    void minTokensPostponesTheNaturalStop(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int minTokens) {
        SimTextGenerator.Generation g = SimTextGenerator.generate(
                new SimTextGenerator.Spec(seed, List.of(), 8192, true, minTokens, List.of(), false));
        assertThat(g.tokens()).isGreaterThanOrEqualTo(minTokens);
        assertThat(g.finishReason()).isEqualTo("stop");
    }

    @Property
    void aStopStringCutsTheTextBeforeItsFirstAppearance(
            @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll @IntRange(min = 1, max = 6) int length) {
        String full = generate(seed, 1000, List.of()).text();
        int start = Math.min(at, full.length() - 1);
        String stop = full.substring(start, Math.min(full.length(), start + length));
        SimTextGenerator.Generation g = generate(seed, 1000, List.of(stop));
        int first = full.indexOf(stop);
        assertThat(g.text()).isEqualTo(full.substring(0, first));
        assertThat(g.finishReason()).isEqualTo("stop");
        assertThat(g.stopReason()).contains(stop);
        assertThat(String.join("", g.pieces())).isEqualTo(g.text());
    }

    @Test
    void theEarliestOfSeveralStopStringsWins() {
        String full = generate(3, 1000, List.of()).text();
        String late = full.substring(full.length() - 5);
        String early = full.substring(4, 7);
        SimTextGenerator.Generation g = generate(3, 1000, List.of(late, early));
        assertThat(g.stopReason()).contains(early);
        assertThat(g.text()).isEqualTo(full.substring(0, full.indexOf(early)));
    }

    @Test
    void aCompletionContinuesItsPromptWithASpace() {
        SimTextGenerator.Generation g =
                SimTextGenerator.generate(new SimTextGenerator.Spec(1, List.of(), 5, true, 0, List.of(), true));
        assertThat(g.text()).startsWith(" ");
        assertThat(generate(1, 5, List.of()).text()).doesNotStartWith(" ");
    }
}
