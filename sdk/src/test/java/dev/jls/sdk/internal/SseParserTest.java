package dev.jls.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** What a parser reported, in order: events as "event|id|data", comments as ":text". */
    static List<String> parse(byte[]... pieces) {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser(new SseParser.Handler() {
            @Override
            public void onEvent(SseEvent event) {
                seen.add(event.event() + "|" + event.id() + "|" + event.data());
            }

            @Override
            public void onComment(String comment) {
                seen.add(":" + comment);
            }
        });
        for (byte[] piece : pieces) {
            parser.feed(piece);
        }
        parser.end();
        return seen;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsDataEventsEndedByABlankLine() {
        assertThat(parse(utf8("data: {\"a\":1}\n\ndata: [DONE]\n\n")))
                .containsExactly("message||{\"a\":1}", "message||[DONE]");
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(parse(utf8("data: one\ndata:two\ndata:  three\n\n"))).containsExactly("message||one\ntwo\n three");
    }

    @Test
    void acceptsCrLfAndLoneCrLineEnds() {
        assertThat(parse(utf8("data: a\r\n\r\ndata: b\r\rdata: c\n\n")))
                .containsExactly("message||a", "message||b", "message||c");
    }

    @Test
    void aCrLfSplitAcrossFeedsIsOneLineEnd() {
        assertThat(parse(utf8("data: a\r"), utf8("\n\r"), utf8("\ndata: b\r"), utf8("\r")))
                .containsExactly("message||a", "message||b");
    }

    @Test
    void reportsCommentsWithoutTheirLeadingSpace() {
        assertThat(parse(utf8(": no active workers\n:keep-alive\n\n")))
                .containsExactly(":no active workers", ":keep-alive");
    }

    @Test
    void keepsEventTypeAndLastIdAcrossEvents() {
        assertThat(parse(utf8("event: error\nid: 7\ndata: x\n\ndata: y\n\nid\ndata: z\n\n")))
                .containsExactly("error|7|x", "message|7|y", "message||z");
    }

    @Test
    void ignoresRetryUnknownFieldsAndEventsWithoutData() {
        assertThat(parse(utf8("retry: 1000\nfoo: bar\nevent: ping\n\ndata\n\n")))
                .containsExactly("message||");
    }

    @Test
    void decodesMultiByteCharactersSplitAcrossFeeds() {
        byte[] bytes = utf8("data: héllo ✓ 🌙\n\n");
        List<String> whole = parse(bytes);
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(bytes, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
            assertThat(parse(head, tail)).as("cut at %d", cut).isEqualTo(whole);
        }
        assertThat(whole).containsExactly("message||héllo ✓ 🌙");
    }

    @Test
    void dropsAnUnfinishedEventAtTheEnd() {
        assertThat(parse(utf8("data: complete\n\ndata: cut"))).containsExactly("message||complete");
        assertThat(parse(utf8("data: complete\n\ndata: no blank line\n"))).containsExactly("message||complete");
    }

    @Test
    void skipsAByteOrderMarkAtTheStart() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertThat(parse(bom, utf8("data: x\n\n"))).containsExactly("message||x");
    }

    @Test
    void ignoresAnIdContainingNul() {
        assertThat(parse(utf8("id: 1\n\nid: a\u0000b\ndata: x\n\n"))).containsExactly("message|1|x");
    }

    @Test
    void handlesLinesLongerThanAnyBuffer() {
        String big = "x".repeat(100_000);
        byte[] bytes = utf8("data: " + big + "\n\n");
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 997) {
            pieces.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 997)));
        }
        assertThat(parse(pieces.toArray(new byte[0][]))).containsExactly("message||" + big);
    }
}
