package dev.jls.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever blank space, comments, other tables and other values surround it, and however the token is
 * quoted, the reader finds the same token.
 */
class TomlStringsProperties {

    /** Lines that say nothing about {@code [auth].token} on their own. */
    @Provide
    Arbitrary<List<String>> lines() {
        return line().list().ofMaxSize(8);
    }

    /** One line (or a value across lines): blank, a comment, a table header or another key's value. */
    private Arbitrary<String> line() {
        Arbitrary<String> space = Arbitraries.of("", " ", "\t", "  \t ");
        Arbitrary<String> comment = Arbitraries.strings()
                .withChars("abc #=[]\"'{}\\é")
                .ofMaxLength(20)
                .map(text -> "#" + text);
        Arbitrary<String> value = Arbitraries.of(
                "1",
                "-0.5e3",
                "true",
                "1979-05-27 07:32:00Z",
                "\"text # not a comment\"",
                "'lit]eral'",
                "[1, \"two\", [3]]",
                "[\n  \"a\", # between\n  'b',\n]",
                "{ token = \"inline, not auth\" }",
                "\"\"\"\nmany\nlines\"\"\"");
        Arbitrary<String> keyValue = Combinators.combine(
                        Arbitraries.of("name", "\"token\"", "region", "x.y", "token"), space, value, space)
                .as((key, before, v, after) -> before + key + before + "=" + after + v);
        Arbitrary<String> header = Arbitraries.of("[defaults]", "[ other.table ]", "[[history]]", "[\"auth x\"]");
        Arbitrary<String> blank = space;
        return Combinators.combine(Arbitraries.oneOf(keyValue, header, blank, comment), space, comment.injectNull(0.5))
                .as((line, trailing, tail) -> line + trailing + (tail == null || line.startsWith("#") ? "" : tail));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings()
                .withChars("abcXYZ0123456789-_.:/+= #'\"\\é\t")
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(token -> !token.isBlank());
    }

    @Property(tries = 500)
    void findsTheTokenWhateverSurroundsIt(
            @ForAll("lines") List<String> before,
            @ForAll("lines") List<String> inside,
            @ForAll("lines") List<String> after,
            @ForAll("tokens") String token,
            @ForAll boolean literal,
            @ForAll boolean crlf) {
        // A literal string cannot hold a quote; such a token is written as a basic string.
        boolean asLiteral = literal && token.indexOf('\'') < 0;
        String quoted = asLiteral ? "'" + token + "'" : basic(token);
        List<String> lines = new ArrayList<>();
        lines.addAll(before);
        lines.add(" [ auth ] # the key");
        lines.addAll(
                inside.stream().filter(line -> !opensTableOrSetsToken(line)).toList());
        lines.add("\ttoken\t=  " + quoted + "   # saved by jl setup");
        lines.add("[after]");
        lines.addAll(after);
        String document = String.join(crlf ? "\r\n" : "\n", lines);

        assertThat(TomlStrings.find(document, List.of("auth", "token"))).contains(token);
    }

    private static boolean opensTableOrSetsToken(String line) {
        String start = line.strip();
        return start.startsWith("[") || start.startsWith("token") || start.startsWith("\"token\"");
    }

    private static String basic(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
