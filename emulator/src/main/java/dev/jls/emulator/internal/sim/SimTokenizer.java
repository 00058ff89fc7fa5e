package dev.jls.emulator.internal.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's one tokenisation, used for every usage count and every limit.
 *
 * <p>A token is a run of letters (with their combining marks), a run of digits, or any single other
 * character that is not whitespace; whitespace separates tokens and is never one. So {@code "Hello,
 * world 42!"} is five tokens: {@code Hello}, {@code ,}, {@code world}, {@code 42}, {@code !}.
 *
 * <p>A chat prompt also pays a fixed template overhead, as a real chat template does: {@value
 * #TOKENS_PER_MESSAGE} tokens per message (its start, role, separator and end markers), plus the tokens
 * of its {@code name} when it has one, plus {@value #TOKENS_PER_CHAT_PROMPT} tokens that open the
 * assistant's answer. A completions prompt pays {@value #TOKENS_PER_COMPLETION_PROMPT} token, the
 * beginning-of-sequence marker.
 */
final class SimTokenizer {

    static final int TOKENS_PER_MESSAGE = 4;
    static final int TOKENS_PER_CHAT_PROMPT = 3;
    static final int TOKENS_PER_COMPLETION_PROMPT = 1;

    private SimTokenizer() {}

    /** The number of tokens in {@code text}. */
    static int count(String text) {
        int[] count = {0};
        scan(text, (start, end) -> count[0]++);
        return count[0];
    }

    /** The tokens of {@code text}, in order. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        scan(text, (start, end) -> tokens.add(text.substring(start, end)));
        return tokens;
    }

    /** Where a token of the text begins and ends. */
    private interface TokenSink {
        void token(int start, int end);
    }

    /** Hands each token of {@code text} to {@code sink}, in order; spaces between them are no tokens. */
    private static void scan(String text, TokenSink sink) {
        int i = 0;
        int length = text.length();
        while (i < length) {
            int cp = text.codePointAt(i);
            Kind kind = kindOf(cp);
            if (kind == Kind.SPACE) {
                i += Character.charCount(cp);
                continue;
            }
            int end = endOfToken(text, i, kind);
            sink.token(i, end);
            i = end;
        }
    }

    private static int endOfToken(String text, int start, Kind kind) {
        int i = start + Character.charCount(text.codePointAt(start));
        if (kind == Kind.OTHER) {
            return i;
        }
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            Kind next = kindOf(cp);
            boolean continues = next == kind || (kind == Kind.LETTER && isMark(cp));
            if (!continues) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private enum Kind {
        SPACE,
        LETTER,
        DIGIT,
        OTHER
    }

    private static Kind kindOf(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return Kind.SPACE;
        }
        if (Character.isLetter(cp)) {
            return Kind.LETTER;
        }
        if (Character.isDigit(cp)) {
            return Kind.DIGIT;
        }
        return Kind.OTHER;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
