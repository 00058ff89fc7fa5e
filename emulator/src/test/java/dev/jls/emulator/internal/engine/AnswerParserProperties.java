package dev.jls.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The emulator's own reader of engine answers: every framing HTTP/1.1 allows, cut anywhere, gives the
 * body exactly; a cut-short answer is never complete; anything else is refused with a message, within
 * limits, never with another exception.
 */
class AnswerParserProperties {

    /** An answer on the wire and what it carries. */
    record Wire(byte[] bytes, byte[] body, boolean keepsConnection, int headLength) {
        @Override
        public String toString() {
            String s = new String(bytes, StandardCharsets.ISO_8859_1);
            return (s.length() > 300 ? s.substring(0, 300) + "…" : s)
                    .replace("\r", "\\r")
                    .replace("\n", "\\n");
        }
    }

    /** The result of parsing some bytes in the given pieces. */
    record Parsed(AnswerParser parser, byte[] body) {}

    static Parsed parse(byte[] wire, List<Integer> cuts) throws AnswerParser.MalformedAnswer {
        AnswerParser parser = new AnswerParser();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int from = 0;
        List<Integer> at =
                cuts.stream().map(c -> c % (wire.length + 1)).sorted().toList();
        for (int i = 0; i <= at.size(); i++) {
            int to = i < at.size() ? at.get(i) : wire.length;
            if (to < from) {
                continue;
            }
            // a piece read into a buffer of its own, with spare room after it, as a socket read leaves it
            byte[] buffer = Arrays.copyOf(Arrays.copyOfRange(wire, from, to), to - from + 16);
            int n = parser.feed(buffer, to - from);
            body.write(buffer, 0, n);
            from = to;
        }
        return new Parsed(parser, body.toByteArray());
    }

    @Property(tries = 400)
    void everyFramingCutAnywhereGivesTheBodyExactly(@ForAll("answers") Wire wire, @ForAll("cuts") List<Integer> cuts)
            throws Exception {
        Parsed p = parse(wire.bytes(), cuts);
        assertThat(p.parser().headDone()).isTrue();
        assertThat(p.parser().status()).isEqualTo(200);
        assertThat(p.parser().complete()).isTrue();
        assertThat(p.body()).isEqualTo(wire.body());
        assertThat(p.parser().reusable()).isEqualTo(wire.keepsConnection());
    }

    @Property(tries = 300)
    void anAnswerCutShortIsNeverComplete(
            @ForAll("answers") Wire wire, @ForAll("cuts") List<Integer> cuts, @ForAll @IntRange(min = 1) int cut)
            throws Exception {
        int keep = cut % wire.bytes().length;
        Parsed p = parse(Arrays.copyOf(wire.bytes(), keep), cuts);
        assertThat(p.parser().complete()).isFalse();
        assertThat(p.parser().endOfInput())
                .as("the connection's end does not complete an answer with a length or chunks")
                .isFalse();
        assertThat(p.body().length).isLessThanOrEqualTo(wire.body().length);
        assertThat(Arrays.copyOf(wire.body(), p.body().length))
                .as("what came of the body so far")
                .isEqualTo(p.body());
    }

    @Property(tries = 200)
    void bytesAfterACompleteAnswerMakeTheConnectionUnfitToKeep(
            @ForAll("answers") Wire wire, @ForAll("cuts") List<Integer> cuts) throws Exception {
        byte[] more = Arrays.copyOf(wire.bytes(), wire.bytes().length + 5);
        System.arraycopy("HTTP/".getBytes(StandardCharsets.US_ASCII), 0, more, wire.bytes().length, 5);
        Parsed p = parse(more, cuts);
        assertThat(p.parser().complete()).isTrue();
        assertThat(p.body()).isEqualTo(wire.body());
        assertThat(p.parser().reusable()).isFalse();
    }

    @Property(tries = 300)
    void anyBytesAreReadOrRefusedWithAMessage(@ForAll("noise") byte[] noise, @ForAll("cuts") List<Integer> cuts) {
        byte[] wire = new byte[noise.length + 17];
        System.arraycopy("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII), 0, wire, 0, 17);
        System.arraycopy(noise, 0, wire, 17, noise.length);
        try {
            Parsed p = parse(wire, cuts);
            assertThat(p.body().length).isLessThanOrEqualTo(noise.length);
        } catch (AnswerParser.MalformedAnswer refused) {
            assertThat(refused.getMessage()).startsWith("the engine's answer is malformed: ");
        }
    }

    @Property(tries = 100)
    void aChunkSizeThatIsNotHexIsRefused(
            @ForAll("chunked") Wire wire, @ForAll("cuts") List<Integer> cuts, @ForAll("notHex") String size) {
        String text = new String(wire.bytes(), StandardCharsets.ISO_8859_1);
        int sizeLine = wire.headLength();
        int sizeEnd = text.indexOf("\r\n", sizeLine);
        byte[] broken =
                (text.substring(0, sizeLine) + size + text.substring(sizeEnd)).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(broken, cuts))
                .isInstanceOf(AnswerParser.MalformedAnswer.class)
                .hasMessageContaining("chunk size");
    }

    @Property(tries = 100)
    void aChunkLongerThanItsSizeIsRefused(@ForAll("chunked") Wire wire, @ForAll("cuts") List<Integer> cuts) {
        String text = new String(wire.bytes(), StandardCharsets.ISO_8859_1);
        int sizeLine = wire.headLength();
        int sizeEnd = text.indexOf("\r\n", sizeLine);
        String size = text.substring(sizeLine, sizeEnd).split("[ ;]")[0];
        // a chunk whose last byte is a line break could, shifted by one, end where a chunk may end
        char last = text.charAt(sizeEnd + 2 + Integer.parseInt(size, 16) - 1);
        Assume.that(last != '\r' && last != '\n');
        // the first chunk gets one byte more than its size line says
        byte[] broken = (text.substring(0, sizeEnd + 2) + "x" + text.substring(sizeEnd + 2))
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> parse(broken, cuts))
                .isInstanceOf(AnswerParser.MalformedAnswer.class)
                .hasMessageContaining("chunk");
    }

    @Example
    void interimAnswersAreSkippedAndTheirFieldsForgotten() throws Exception {
        Parsed p = parse(
                ascii("HTTP/1.1 100 Continue\r\nContent-Type: text/plain\r\n\r\n"
                        + "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"),
                List.of(7, 40));
        assertThat(p.parser().status()).isEqualTo(201);
        assertThat(p.parser().contentType()).isNull();
        assertThat(p.body()).isEqualTo(ascii("ok"));
        assertThat(p.parser().reusable()).isTrue();
    }

    @Example
    void anAnswerWithoutLengthOrChunksEndsWithTheConnection() throws Exception {
        Parsed p = parse(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: 1\n\n"), List.of());
        assertThat(p.parser().complete()).isFalse();
        assertThat(p.body()).isEqualTo(ascii("data: 1\n\n"));
        assertThat(p.parser().endOfInput()).isTrue();
        assertThat(p.parser().complete()).isTrue();
        assertThat(p.parser().reusable()).isFalse();
    }

    @Example
    void noContentAndNotModifiedHaveNoBody() throws Exception {
        for (String status : List.of("204 No Content", "304 Not Modified")) {
            Parsed p = parse(ascii("HTTP/1.1 " + status + "\r\nContent-Length: 5\r\n\r\n"), List.of());
            assertThat(p.parser().complete()).isTrue();
            assertThat(p.body()).isEmpty();
        }
    }

    @Example
    void chunkedWinsOverALengthAndTheConnectionIsNotKept() throws Exception {
        Parsed p = parse(
                ascii(
                        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                List.of());
        assertThat(p.body()).isEqualTo(ascii("ok"));
        assertThat(p.parser().complete()).isTrue();
        assertThat(p.parser().reusable()).isFalse();
    }

    @Example
    void connectionCloseAndHttp10AreNotKept() throws Exception {
        assertThat(parse(
                                ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n"),
                                List.of())
                        .parser()
                        .reusable())
                .isFalse();
        assertThat(parse(ascii("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), List.of())
                        .parser()
                        .reusable())
                .isFalse();
        assertThat(parse(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc"), List.of())
                        .parser()
                        .reusable())
                .isFalse();
    }

    @Example
    void aRepeatedLengthIsOneLengthAndDifferentOnesAreRefused() throws Exception {
        assertThat(parse(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok"), List.of())
                        .body())
                .isEqualTo(ascii("ok"));
        assertThatThrownBy(() ->
                        parse(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"), List.of()))
                .hasMessageContaining("two different Content-Length values, 2 and 3");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"), List.of()))
                .hasMessageContaining("Content-Length \"-1\" is not a number");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456\r\n\r\n"), List.of()))
                .hasMessageContaining("is not a size this client reads");
    }

    @Example
    void theLimitsAreKeptAndNamed() {
        String big = "X-Big: " + "a".repeat(AnswerParser.MAX_HEAD_BYTES) + "\r\n";
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\n" + big + "\r\n"), List.of(100, 5000)))
                .hasMessageContaining("the head exceed 16384 bytes");
        String many = "X-A: 1\r\n".repeat(AnswerParser.MAX_FIELDS + 1);
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\n" + many + "\r\n"), List.of()))
                .hasMessageContaining("more than 100 header fields");
        String ext = "1;" + "e".repeat(AnswerParser.MAX_CHUNK_LINE_BYTES) + "\r\n";
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + ext), List.of()))
                .hasMessageContaining("size line is longer than 4096 bytes");
        String trailers = "X-T: " + "t".repeat(AnswerParser.MAX_HEAD_BYTES) + "\r\n";
        assertThatThrownBy(() -> parse(
                        ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailers + "\r\n"),
                        List.of()))
                .hasMessageContaining("the trailers exceed");
        assertThatThrownBy(() -> parse(
                        ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n"), List.of()))
                .hasMessageContaining("is not a size this client reads");
    }

    @Example
    void malformedHeadsAreRefusedByWhatIsWrong() {
        assertThatThrownBy(() -> parse(ascii("HTTP/2 200 OK\r\n\r\n"), List.of()))
                .hasMessageContaining("not an HTTP/1.x status line");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n folded\r\n\r\n"), List.of()))
                .hasMessageContaining("folded header line");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nno colon\r\n\r\n"), List.of()))
                .hasMessageContaining("without a field name");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n"), List.of()))
                .hasMessageContaining("a character a token cannot have: \"Bad Name\"");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n"), List.of()))
                .hasMessageContaining("bare CR");
        assertThatThrownBy(() -> parse(ascii("HTTP/1.1 101 Switching Protocols\r\n\r\n"), List.of()))
                .hasMessageContaining("switched protocols");
    }

    @Example
    void linesMayEndInABareLineFeed() throws Exception {
        Parsed p = parse(ascii("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n"), List.of());
        assertThat(p.body()).isEqualTo(ascii("abc"));
        assertThat(p.parser().complete()).isTrue();
        assertThat(p.parser().reusable()).isTrue();
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Provide
    Arbitrary<String> notHex() {
        return Arbitraries.strings()
                .withChars("ghxyzGHXYZ-+ ./:\t")
                .ofMinLength(1)
                .ofMaxLength(4)
                .filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<Wire> answers() {
        return Arbitraries.oneOf(chunked(), withLength());
    }

    @Provide
    Arbitrary<Wire> chunked() {
        Arbitrary<List<byte[]>> pieces = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(600)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
        return Combinators.combine(pieces, Arbitraries.integers().between(0, 31))
                .as(AnswerParserProperties::chunkedWire);
    }

    Arbitrary<Wire> withLength() {
        Arbitrary<byte[]> bodies = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        return Combinators.combine(bodies, Arbitraries.integers().between(0, 7)).as((body, style) -> {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            String length = (style & 1) != 0 ? body.length + ", " + body.length : Integer.toString(body.length);
            String eol = (style & 2) != 0 ? "\n" : "\r\n";
            String interim = (style & 4) != 0 ? "HTTP/1.1 100 Continue" + eol + eol : "";
            wire.writeBytes(ascii(interim + "HTTP/1.1 200 OK" + eol + "content-type:application/json" + eol
                    + "Content-Length:\t" + length + " " + eol + eol));
            int head = wire.size();
            wire.writeBytes(body);
            return new Wire(wire.toByteArray(), body, true, head);
        });
    }

    /** Chunks carrying {@code pieces}, in the ways {@code style}'s bits say. */
    static Wire chunkedWire(List<byte[]> pieces, int style) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String eol = (style & 8) != 0 ? "\n" : "\r\n";
        wire.writeBytes(ascii("HTTP/1.1 200 OK" + eol + "Content-Type: text/event-stream" + eol + "Transfer-Encoding: "
                + ((style & 16) != 0 ? "gzip, Chunked" : "chunked") + eol + eol));
        int head = wire.size();
        for (byte[] p : pieces) {
            String size = Integer.toHexString(p.length);
            if ((style & 1) != 0) {
                size = size.toUpperCase(Locale.ROOT);
            }
            if ((style & 2) != 0) {
                size = "000" + size;
            }
            if ((style & 4) != 0) {
                size = size + " ;name=\"v;x\";flag";
            }
            wire.writeBytes(ascii(size + "\r\n"));
            wire.writeBytes(p);
            wire.writeBytes(ascii(eol));
            body.writeBytes(p);
        }
        wire.writeBytes(
                ascii((style & 4) != 0 ? "0\r\nX-Checksum: 1" + eol + "X-Other: 2" + eol + eol : "0" + eol + eol));
        return new Wire(wire.toByteArray(), body.toByteArray(), true, head);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
