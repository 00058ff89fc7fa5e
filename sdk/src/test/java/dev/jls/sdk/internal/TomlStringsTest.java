package dev.jls.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TomlStringsTest {

    static final List<String> TOKEN = List.of("auth", "token");

    static Optional<String> token(String toml) {
        return TomlStrings.find(toml, TOKEN);
    }

    @Test
    void readsTheFileJlSetupWrites() {
        assertThat(token("[auth]\ntoken = \"jl-abc123\"\n")).contains("jl-abc123");
    }

    @Test
    void findsTheKeyAmongOtherTablesAndValuesOfEveryKind() {
        String toml = """
                # written by jl
                title = "jl"   # a comment after a value
                version = 3
                ratio = -1.5e3
                enabled = true
                when = 1979-05-27 07:32:00Z
                day = 1979-05-27
                regions = [
                  "IN1",  # Chennai
                  "IN2",
                ]
                nested = [[1, 2], ["a", 'b'], [{x = 1}]]
                point = { x = 1, y = { z = "]" } }

                [defaults]
                token = "not this one"

                [[history]]
                token = "nor this one"

                [ auth ]   # the one
                user = 'someone'
                token = "the-key"
                note = \"""
                several
                lines\"""
                """;

        assertThat(token(toml)).contains("the-key");
    }

    @Test
    void keysMayBeQuotedOrDottedAndTablesInline() {
        assertThat(token("\"auth\".'token' = 'k1'")).contains("k1");
        assertThat(token("auth . token = \"k2\"")).contains("k2");
        assertThat(token("[\"auth\"]\n\"token\" = \"k3\"")).contains("k3");
        assertThat(token("auth = { user = \"u\", token = \"k4\" }")).contains("k4");
        assertThat(token("[auth]\r\ntoken = \"k5\"\r\n")).contains("k5");
        assertThat(token("\uFEFF[auth]\ntoken=\"k6\"")).contains("k6");
    }

    @Test
    void theStringFormsAndTheirEscapes() {
        assertThat(token("[auth]\ntoken = \"a\\tb\\\"c\\\\d\\u00e9\\U0001F600\""))
                .contains("a\tb\"c\\dé😀");
        assertThat(token("[auth]\ntoken = 'C:\\no\\escapes'")).contains("C:\\no\\escapes");
        assertThat(token("[auth]\ntoken = '''\nraw\\n'''")).contains("raw\\n");
        assertThat(token("[auth]\ntoken = \"\"\"\none \\\n    two\"\"\"")).contains("one two");
        assertThat(token("[auth]\ntoken = \"\"\"x\"\"\"\"\"")).contains("x\"\"");
    }

    @Test
    void aDocumentWithoutTheKeyHasNone() {
        assertThat(token("")).isEmpty();
        assertThat(token("# nothing\n\n")).isEmpty();
        assertThat(token("[auth]\nuser = \"u\"\n[other]\ntoken = \"t\"")).isEmpty();
        assertThat(token("token = \"top level\"")).isEmpty();
    }

    @Test
    void malformedDocumentsNameTheLine() {
        assertThatThrownBy(() -> token("[auth]\ntoken = \"unterminated\n"))
                .isInstanceOfSatisfying(
                        TomlStrings.SyntaxException.class,
                        e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("does not end on its line");
        assertThatThrownBy(() -> token("[auth\ntoken = \"x\""))
                .isInstanceOfSatisfying(
                        TomlStrings.SyntaxException.class,
                        e -> assertThat(e.line()).isEqualTo(1))
                .hasMessageContaining("]");
        assertThatThrownBy(() -> token("a = 1\n\ntoken \"x\""))
                .isInstanceOfSatisfying(
                        TomlStrings.SyntaxException.class,
                        e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("'='");
        assertThatThrownBy(() -> token("a = [1, 2\nb = 3"))
                .isInstanceOf(TomlStrings.SyntaxException.class)
                .hasMessageContaining("array");
        assertThatThrownBy(() -> token("a = 1 b = 2")).hasMessageContaining("end of the line");
        assertThatThrownBy(() -> token("a = \"\\q\"")).hasMessageContaining("unknown escape \\q");
        assertThatThrownBy(() -> token("a = \"\\uD800\"")).hasMessageContaining("not a Unicode scalar value");
    }

    @Test
    void theTokenMustBeOneString() {
        assertThatThrownBy(() -> token("[auth]\ntoken = 12345"))
                .isInstanceOf(TomlStrings.SyntaxException.class)
                .hasMessageContaining("auth.token must be a quoted string");
        assertThatThrownBy(() -> token("[auth]\ntoken = \"a\"\ntoken = \"b\""))
                .isInstanceOfSatisfying(
                        TomlStrings.SyntaxException.class,
                        e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("given twice");
    }
}
