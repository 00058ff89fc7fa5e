package dev.jls.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser yields the same events however the same bytes are split, whatever the line ends. */
class SseParserPropertiesTest {

    /** One block of a stream: an event (optional type and id, data lines) or a comment line. */
    record Block(Optional<String> comment, Optional<String> type, Optional<String> id, List<String> dataLines) {}

    @Property(tries = 300)
    void sameEventsForAnySplitOfTheSameBytes(
            @ForAll("streams") List<Block> blocks,
            @ForAll("lineEnds") String lineEnd,
            @ForAll("cuts") List<Integer> cutSeeds) {
        byte[] bytes = encode(blocks, lineEnd);
        List<String> expected = expected(blocks);

        assertThat(visible(SseParserTest.parse(bytes))).isEqualTo(visible(expected));
        assertThat(visible(SseParserTest.parse(split(bytes, cutSeeds)))).isEqualTo(visible(expected));
    }

    @Property(tries = 100)
    void byteByByteEqualsWhole(@ForAll("streams") List<Block> blocks, @ForAll("lineEnds") String lineEnd) {
        byte[] bytes = encode(blocks, lineEnd);
        byte[][] single = new byte[bytes.length][];
        for (int i = 0; i < bytes.length; i++) {
            single[i] = new byte[] {bytes[i]};
        }
        assertThat(visible(SseParserTest.parse(single))).isEqualTo(visible(expected(blocks)));
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Block>> streams() {
        // Text without line terminators, from whole characters (a lone surrogate has no UTF-8 form):
        // ':' and leading spaces, two- three- and four-byte UTF-8, and the stream's own words.
        Arbitrary<String> text = Arbitraries.of(
                        "a", "b", " ", "{", "}", "\"", ":", ",", "é", "✓", "🌙", "[DONE]", "data:", "id")
                .list()
                .ofMaxSize(8)
                .map(tokens -> String.join("", tokens));
        Arbitrary<String> name =
                Arbitraries.strings().withChars("abcxyz-_").ofMinLength(1).ofMaxLength(6);
        Arbitrary<Block> event = Combinators.combine(
                        name.optional(0.3),
                        text.optional(0.2),
                        text.list().ofMinSize(1).ofMaxSize(4))
                .as((type, id, data) -> new Block(Optional.empty(), type, id, data));
        Arbitrary<Block> comment =
                text.map(c -> new Block(Optional.of(c), Optional.empty(), Optional.empty(), List.of()));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, event), net.jqwik.api.Tuple.of(1, comment))
                .list()
                .ofMaxSize(12);
    }

    /** Line terminators made visible, so that a failure report shows them. */
    static List<String> visible(List<String> events) {
        return events.stream()
                .map(e -> e.replace("\r", "\\r").replace("\n", "\\n"))
                .toList();
    }

    static byte[] encode(List<Block> blocks, String lineEnd) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            if (block.comment().isPresent()) {
                out.append(':').append(block.comment().get()).append(lineEnd);
                continue;
            }
            block.type().ifPresent(t -> out.append("event: ").append(t).append(lineEnd));
            block.id().ifPresent(i -> out.append("id:").append(i).append(lineEnd));
            for (String line : block.dataLines()) {
                out.append("data: ").append(line).append(lineEnd);
            }
            out.append(lineEnd);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<String> expected(List<Block> blocks) {
        List<String> events = new ArrayList<>();
        String lastId = "";
        for (Block block : blocks) {
            if (block.comment().isPresent()) {
                String c = block.comment().get();
                events.add(":" + (c.startsWith(" ") ? c.substring(1) : c));
                continue;
            }
            if (block.id().isPresent()) {
                // "id:" then the value: one leading space of the value is the field separator's.
                String id = block.id().get();
                lastId = id.startsWith(" ") ? id.substring(1) : id;
            }
            String type = block.type().orElse("message");
            events.add(type + "|" + lastId + "|" + String.join("\n", block.dataLines()));
        }
        return events;
    }

    static byte[][] split(byte[] bytes, List<Integer> cutSeeds) {
        if (bytes.length == 0) {
            return new byte[][] {bytes};
        }
        int[] cuts = cutSeeds.stream()
                .mapToInt(seed -> seed % (bytes.length + 1))
                .sorted()
                .distinct()
                .toArray();
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        pieces.add(Arrays.copyOfRange(bytes, from, bytes.length));
        ByteArrayOutputStream check = new ByteArrayOutputStream();
        pieces.forEach(check::writeBytes);
        assertThat(check.toByteArray()).isEqualTo(bytes);
        return pieces.toArray(new byte[0][]);
    }
}
