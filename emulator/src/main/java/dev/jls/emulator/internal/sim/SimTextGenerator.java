package dev.jls.emulator.internal.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the simulated engine's answers: simple English sentences from a fixed vocabulary and a
 * small grammar, with nouns taken from the prompt now and then, chosen by a seeded generator so that the same seed gives the same text,
 * token for token.
 *
 * <p>Every generated piece is exactly one token of {@link SimTokenizer} (a word with the space before
 * it, a comma or a full stop), so counting the pieces counts the tokens. A limit or a stop string cuts
 * one and the same sequence, as greedy decoding of a real model would: an answer with {@code
 * max_tokens = 5} is the first five tokens of the longer answer.
 */
final class SimTextGenerator {

    private static final String[] DETERMINERS = {
        "the", "a", "this", "that", "every", "some", "each", "our", "their", "one",
    };

    private static final String[] ADJECTIVES = {
        "quiet", "bright", "simple", "careful", "steady", "quick", "gentle", "clear", "small", "large",
        "early", "late", "warm", "cold", "new", "old", "useful", "strange", "familiar", "patient",
    };

    private static final String[] NOUNS = {
        "model", "answer", "question", "request", "server", "worker", "engine", "token", "stream", "queue",
        "system", "service", "result", "value", "process", "signal", "pattern", "river", "mountain", "garden",
        "window", "library", "harbor", "morning", "evening", "journey", "story", "letter", "bridge", "forest",
        "language", "number", "detail", "reason", "method", "picture", "harvest", "market", "village", "season",
    };

    private static final String[] VERBS = {
        "follows",
        "carries",
        "finds",
        "brings",
        "holds",
        "makes",
        "takes",
        "gives",
        "sends",
        "reads",
        "writes",
        "builds",
        "opens",
        "closes",
        "changes",
        "explains",
        "describes",
        "measures",
        "answers",
        "keeps",
        "shows",
        "returns",
        "reaches",
        "crosses",
        "remembers",
    };

    private static final String[] ADVERBS = {
        "often", "slowly", "softly", "again", "still", "always", "gently", "quietly", "rarely", "together",
    };

    private static final String[] PREPOSITIONS = {
        "in", "on", "with", "from", "into", "across", "under", "over", "near", "after",
        "before", "through", "beside", "toward", "without", "about", "between", "along", "around", "behind",
    };

    private static final String[] CONJUNCTIONS = {"and", "but", "while", "so", "because", "when"};

    /** Sentences per answer before the natural stop, inclusive range. */
    private static final int MIN_SENTENCES = 3;

    private static final int MAX_SENTENCES = 6;

    /** One noun in {@value} is taken from the prompt, when the prompt has words to give. */
    private static final int PROMPT_WORD_ONE_IN = 3;

    /** Words of a prompt that would read badly as nouns. */
    private static final Set<String> FUNCTION_WORDS = Set.of(
            "the",
            "and",
            "but",
            "for",
            "nor",
            "yet",
            "how",
            "what",
            "why",
            "who",
            "whom",
            "when",
            "where",
            "which",
            "whose",
            "tell",
            "about",
            "with",
            "this",
            "that",
            "these",
            "those",
            "you",
            "your",
            "are",
            "was",
            "were",
            "can",
            "could",
            "would",
            "should",
            "will",
            "shall",
            "please",
            "give",
            "into",
            "from",
            "have",
            "has",
            "had",
            "does",
            "did",
            "not",
            "its",
            "they",
            "them",
            "their",
            "there",
            "here",
            "our",
            "some",
            "any",
            "all",
            "write",
            "explain",
            "describe",
            "say",
            "more",
            "very",
            "just",
            "also",
            "then",
            "than",
            "too",
            "like",
            "make",
            "use",
            "get",
            "let",
            "show",
            "list",
            "over",
            "under",
            "out",
            "off",
            "between",
            "after",
            "before",
            "only",
            "him",
            "her",
            "his",
            "she",
            "been",
            "being",
            "may",
            "might",
            "must",
            "each",
            "every");

    /** At most this many distinct prompt words are drawn from. */
    private static final int MAX_PROMPT_WORDS = 64;

    private SimTextGenerator() {}

    /**
     * What to generate for one choice.
     *
     * @param seed the choice's seed
     * @param promptWords words that may appear in the answer
     * @param limit the most tokens to generate (from {@code max_tokens} or the context left)
     * @param naturalStop whether the answer ends on its own (false with {@code ignore_eos})
     * @param minTokens no natural stop before this many tokens ({@code min_tokens})
     * @param stops stop strings; the text ends before the first one that appears
     * @param leadingSpace whether the first word has a space before it (a completion continues its
     *     prompt; a chat answer starts fresh)
     */
    record Spec(
            long seed,
            List<String> promptWords,
            int limit,
            boolean naturalStop,
            int minTokens,
            List<String> stops,
            boolean leadingSpace) {}

    /**
     * One generated choice.
     *
     * @param pieces the text in streaming deltas; joined they equal {@code text}
     * @param text the final text, cut before a stop string when one appeared
     * @param tokens how many tokens were generated (a stop string's tokens included, as vLLM counts)
     * @param finishReason {@code stop} or {@code length}
     * @param stopReason the stop string that ended the text, when one did
     */
    record Generation(List<String> pieces, String text, int tokens, String finishReason, Optional<String> stopReason) {}

    /**
     * The distinct words of {@code text} fit to stand as nouns in an answer: letters only, three or more,
     * and not among the common function words of a question.
     */
    static List<String> promptWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String token : SimTokenizer.tokens(text)) {
            String word = token.toLowerCase(Locale.ROOT);
            if (word.length() >= 3 && word.chars().allMatch(Character::isLetter) && !FUNCTION_WORDS.contains(word)) {
                words.add(word);
                if (words.size() == MAX_PROMPT_WORDS) {
                    break;
                }
            }
        }
        return List.copyOf(words);
    }

    static Generation generate(Spec spec) {
        SeededRandom random = new SeededRandom(spec.seed());
        int sentencesLeft = MIN_SENTENCES + random.nextInt(MAX_SENTENCES - MIN_SENTENCES + 1);
        int longestStop = spec.stops().stream().mapToInt(String::length).max().orElse(0);

        List<String> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Deque<String> sentence = new ArrayDeque<>();
        while (pieces.size() < spec.limit()) {
            if (sentence.isEmpty()) {
                if (sentencesLeft <= 0 && spec.naturalStop() && pieces.size() >= spec.minTokens()) {
                    return new Generation(pieces, text.toString(), pieces.size(), "stop", Optional.empty());
                }
                sentence(random, spec.promptWords(), sentence);
                sentencesLeft--;
            }
            String token = sentence.poll();
            boolean punctuation = token.equals(",") || token.equals(".");
            boolean space = !punctuation && (!pieces.isEmpty() || spec.leadingSpace());
            String piece = space ? " " + token : token;
            int before = text.length();
            pieces.add(piece);
            text.append(piece);

            if (longestStop > 0) {
                int from = Math.max(0, before - longestStop + 1);
                int at = -1;
                String found = null;
                for (String stop : spec.stops()) {
                    int index = text.indexOf(stop, from);
                    if (index >= 0 && (at < 0 || index < at)) {
                        at = index;
                        found = stop;
                    }
                }
                if (found != null) {
                    return new Generation(
                            cut(pieces, at), text.substring(0, at), pieces.size(), "stop", Optional.of(found));
                }
            }
        }
        return new Generation(pieces, text.toString(), pieces.size(), "length", Optional.empty());
    }

    /** One sentence, a token per element: a clause, maybe a joined second one, a full stop. */
    private static void sentence(SeededRandom random, List<String> promptWords, Deque<String> out) {
        List<String> words = new ArrayList<>();
        clause(random, promptWords, words);
        if (random.nextInt(3) == 0) {
            words.add(",");
            words.add(pick(random, CONJUNCTIONS));
            clause(random, promptWords, words);
        }
        words.set(0, capitalise(words.get(0)));
        out.addAll(words);
        out.add(".");
    }

    private static void clause(SeededRandom random, List<String> promptWords, List<String> words) {
        nounPhrase(random, promptWords, words);
        if (random.nextInt(5) == 0) {
            words.add(pick(random, ADVERBS));
        }
        words.add(pick(random, VERBS));
        nounPhrase(random, promptWords, words);
        if (random.nextInt(2) == 0) {
            words.add(pick(random, PREPOSITIONS));
            nounPhrase(random, promptWords, words);
        }
    }

    private static void nounPhrase(SeededRandom random, List<String> promptWords, List<String> words) {
        String determiner = pick(random, DETERMINERS);
        String adjective = random.nextInt(5) < 2 ? pick(random, ADJECTIVES) : null;
        String noun = !promptWords.isEmpty() && random.nextInt(PROMPT_WORD_ONE_IN) == 0
                ? promptWords.get(random.nextInt(promptWords.size()))
                : pick(random, NOUNS);
        String next = adjective != null ? adjective : noun;
        if (determiner.equals("a") && "aeiou".indexOf(next.charAt(0)) >= 0) {
            determiner = "an";
        }
        words.add(determiner);
        if (adjective != null) {
            words.add(adjective);
        }
        words.add(noun);
    }

    private static String pick(SeededRandom random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static String capitalise(String word) {
        int first = word.codePointAt(0);
        return new StringBuilder()
                .appendCodePoint(Character.toTitleCase(first))
                .append(word, Character.charCount(first), word.length())
                .toString();
    }

    /** The pieces clipped to the first {@code length} characters of their joined text. */
    private static List<String> cut(List<String> pieces, int length) {
        List<String> kept = new ArrayList<>();
        int used = 0;
        for (String piece : pieces) {
            if (used + piece.length() <= length) {
                kept.add(piece);
                used += piece.length();
            } else {
                if (used < length) {
                    kept.add(piece.substring(0, length - used));
                }
                break;
            }
        }
        return kept;
    }

    /**
     * SplitMix64: a small generator whose sequence is fixed by this code alone, so the same seed gives the
     * same text on every JVM and every version of this project that keeps these constants.
     */
    static final class SeededRandom {
        private long state;

        SeededRandom(long seed) {
            this.state = seed;
        }

        long nextLong() {
            state += 0x9E3779B97F4A7C15L;
            return mix(state);
        }

        int nextInt(int bound) {
            return (int) ((nextLong() >>> 1) % bound);
        }

        /** A uniform value in [0, 1). */
        double nextUnit() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
