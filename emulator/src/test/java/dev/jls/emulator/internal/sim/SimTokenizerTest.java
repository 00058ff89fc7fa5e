package dev.jls.emulator.internal.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SimTokenizerTest {

    @Test
    void wordsDigitRunsAndEachPunctuationMarkAreTokens() {
        assertThat(SimTokenizer.tokens("Hello, world 42!")).containsExactly("Hello", ",", "world", "42", "!");
        assertThat(SimTokenizer.tokens("don't stop...")).containsExactly("don", "'", "t", "stop", ".", ".", ".");
        assertThat(SimTokenizer.tokens("abc123def")).containsExactly("abc", "123", "def");
    }

    @Test
    void whitespaceIsNeverAToken() {
        assertThat(SimTokenizer.count("")).isZero();
        assertThat(SimTokenizer.count(" \t\n\u00a0 ")).isZero();
        assertThat(SimTokenizer.count("  one\n\ttwo  ")).isEqualTo(2);
    }

    @Test
    void lettersOfAnyScriptKeepTheirCombiningMarks() {
        assertThat(SimTokenizer.tokens("cafe\u0301 naïve 東京")).containsExactly("cafe\u0301", "naïve", "東京");
    }

    @Property
    void countIsTheNumberOfTokens(@ForAll String text) {
        assertThat(SimTokenizer.count(text)).isEqualTo(SimTokenizer.tokens(text).size());
    }

    @Property
    void tokensCoverEveryNonWhitespaceCharacterInOrder(@ForAll String text) {
        String joined = String.join("", SimTokenizer.tokens(text));
        StringBuilder withoutSpace = new StringBuilder();
        text.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
                .forEach(withoutSpace::appendCodePoint);
        assertThat(joined).isEqualTo(withoutSpace.toString());
    }
}
