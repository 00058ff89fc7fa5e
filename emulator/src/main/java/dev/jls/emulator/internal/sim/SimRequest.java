package dev.jls.emulator.internal.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A completions request, read and checked as vLLM checks it: known fields must have the right type
 * and range (400 {@code BadRequestError} naming the field otherwise); unknown fields are ignored.
 *
 * @param kind chat or plain completions
 * @param model the model asked for, when given
 * @param prompts one for chat, one or more for completions; each gets {@code n} choices
 * @param n choices per prompt
 * @param maxTokens {@code max_completion_tokens}, else {@code max_tokens}, when given
 * @param stops stop strings
 * @param seed {@code seed}, when given
 * @param temperature {@code temperature}, when given
 * @param stream whether to answer as server-sent events
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options} present and its
 *     {@code include_usage} not false)
 * @param echo whether a completion's text starts with its prompt
 * @param ignoreEos whether to skip the natural stop
 * @param minTokens no natural stop before this many tokens
 */
record SimRequest(
        Kind kind,
        Optional<String> model,
        List<Prompt> prompts,
        int n,
        OptionalInt maxTokens,
        List<String> stops,
        OptionalLong seed,
        OptionalDouble temperature,
        boolean stream,
        boolean includeUsage,
        boolean echo,
        boolean ignoreEos,
        int minTokens) {

    /** Plain completions without {@code max_tokens} stop at this many tokens, as vLLM's do. */
    static final int COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

    /** The two generation routes. */
    enum Kind {
        CHAT("chatcmpl-", "chat.completion", "chat.completion.chunk"),
        COMPLETION("cmpl-", "text_completion", "text_completion");

        final String idPrefix;
        final String object;
        final String chunkObject;

        Kind(String idPrefix, String object, String chunkObject) {
            this.idPrefix = idPrefix;
            this.object = object;
            this.chunkObject = chunkObject;
        }
    }

    /**
     * One prompt.
     *
     * @param seedText the prompt in one canonical string, for the seed
     * @param words words the answer may use
     * @param tokens its token count, template overhead included
     * @param echoText the text {@code echo} puts before a completion
     */
    record Prompt(String seedText, List<String> words, int tokens, String echoText) {}

    /** The token limit for one prompt, or a 400 when the prompt and the asked limit exceed the context. */
    int limitFor(Prompt prompt, int maxModelLen) throws SimApiException {
        int left = maxModelLen - prompt.tokens();
        if (left <= 0) {
            throw SimApiException.badRequest(
                    kind == Kind.CHAT ? "messages" : "prompt",
                    "This model's maximum context length is "
                            + maxModelLen
                            + " tokens. However, your request has "
                            + prompt.tokens()
                            + " input tokens. Please reduce the length of the input.");
        }
        if (maxTokens.isPresent()) {
            if (maxTokens.getAsInt() > left) {
                throw SimApiException.badRequest(
                        "max_tokens",
                        "'max_tokens' or 'max_completion_tokens' is too large: "
                                + maxTokens.getAsInt()
                                + ". This model's maximum context length is "
                                + maxModelLen
                                + " tokens and your request has "
                                + prompt.tokens()
                                + " input tokens ("
                                + maxTokens.getAsInt()
                                + " > "
                                + maxModelLen
                                + " - "
                                + prompt.tokens()
                                + ").");
            }
            return maxTokens.getAsInt();
        }
        return kind == Kind.COMPLETION ? Math.min(COMPLETIONS_DEFAULT_MAX_TOKENS, left) : left;
    }

    /** The seed of choice {@code index} of {@code prompt}. */
    long choiceSeed(Prompt prompt, int index) {
        long hash = 0xCBF29CE484222325L;
        String canonical = kind.name()
                + '\u0000'
                + prompt.seedText()
                + '\u0000'
                + (seed.isPresent() ? Long.toString(seed.getAsLong()) : "-")
                + '\u0000'
                + (temperature.isPresent() ? Double.toString(temperature.getAsDouble()) : "-");
        for (byte b : canonical.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return SimTextGenerator.SeededRandom.mix(hash + (index + 1) * 0x9E3779B97F4A7C15L);
    }

    /** Reads a request body for {@code kind}. */
    static SimRequest parse(Kind kind, byte[] body) throws SimApiException {
        Object root;
        try {
            root = SimJson.read(body);
        } catch (IOException e) {
            throw SimApiException.badRequest(null, "JSON decode error: " + e.getMessage());
        }
        if (!(root instanceof Map)) {
            throw SimApiException.badRequest(null, "the request body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) root;

        Optional<String> model = optionalString(fields, "model");
        List<Prompt> prompts = kind == Kind.CHAT ? chatPrompt(fields) : completionPrompts(fields);
        int n = optionalInt(fields, "n", Integer.MIN_VALUE).orElse(1);
        if (n < 1) {
            throw SimApiException.badRequest("n", "n must be at least 1, got " + n + ".");
        }
        OptionalInt maxCompletionTokens = optionalInt(fields, "max_completion_tokens", 1);
        OptionalInt maxTokens =
                maxCompletionTokens.isPresent() ? maxCompletionTokens : optionalInt(fields, "max_tokens", 1);
        List<String> stops = stops(fields.get("stop"));
        OptionalLong seed = optionalLong(fields, "seed");
        OptionalDouble temperature = optionalNumber(fields, "temperature");
        if (temperature.isPresent() && temperature.getAsDouble() < 0) {
            throw SimApiException.badRequest(
                    "temperature", "temperature must be non-negative, got " + temperature.getAsDouble() + ".");
        }
        OptionalDouble topP = optionalNumber(fields, "top_p");
        if (topP.isPresent() && !(topP.getAsDouble() > 0 && topP.getAsDouble() <= 1)) {
            throw SimApiException.badRequest("top_p", "top_p must be in (0, 1], got " + topP.getAsDouble() + ".");
        }
        boolean stream = optionalBoolean(fields, "stream").orElse(false);
        boolean includeUsage = false;
        Object streamOptions = fields.get("stream_options");
        if (streamOptions != null) {
            if (!(streamOptions instanceof Map)) {
                throw SimApiException.badRequest("stream_options", "stream_options must be an object");
            }
            if (!stream) {
                throw SimApiException.badRequest(
                        "stream_options", "Stream options can only be defined when `stream=True`.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) streamOptions;
            includeUsage = optionalBoolean(options, "include_usage").orElse(true);
        }
        boolean echo =
                kind == Kind.COMPLETION && optionalBoolean(fields, "echo").orElse(false);
        boolean ignoreEos = optionalBoolean(fields, "ignore_eos").orElse(false);
        int minTokens = optionalInt(fields, "min_tokens", 0).orElse(0);
        if (maxTokens.isPresent() && minTokens > maxTokens.getAsInt()) {
            throw SimApiException.badRequest(
                    "min_tokens",
                    "min_tokens must be less than or equal to max_tokens="
                            + maxTokens.getAsInt()
                            + ", got "
                            + minTokens
                            + ".");
        }
        return new SimRequest(
                kind,
                model,
                prompts,
                n,
                maxTokens,
                stops,
                seed,
                temperature,
                stream,
                includeUsage,
                echo,
                ignoreEos,
                minTokens);
    }

    private static List<Prompt> chatPrompt(Map<String, Object> fields) throws SimApiException {
        Object raw = fields.get("messages");
        if (raw == null) {
            throw SimApiException.badRequest("messages", "Field required: messages");
        }
        if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
            throw SimApiException.badRequest("messages", "messages must be a non-empty list of messages");
        }
        List<?> messages = (List<?>) raw;
        StringBuilder seedText = new StringBuilder();
        List<String> contents = new ArrayList<>();
        int tokens = SimTokenizer.TOKENS_PER_CHAT_PROMPT;
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof Map)) {
                throw SimApiException.badRequest("messages", "messages[" + i + "] must be an object");
            }
            Map<?, ?> message = (Map<?, ?>) messages.get(i);
            Object role = message.get("role");
            if (!(role instanceof String) || ((String) role).isEmpty()) {
                throw SimApiException.badRequest(
                        "messages", "messages[" + i + "].role is required and must be a string");
            }
            String content = content(message.get("content"), i);
            Object name = message.get("name");
            if (name != null && !(name instanceof String)) {
                throw SimApiException.badRequest("messages", "messages[" + i + "].name must be a string");
            }
            tokens += SimTokenizer.TOKENS_PER_MESSAGE + SimTokenizer.count(content);
            if (name != null) {
                tokens += SimTokenizer.count((String) name);
            }
            seedText.append(role).append('\u0001');
            if (name != null) {
                seedText.append(name);
            }
            seedText.append('\u0001').append(content).append('\u0002');
            contents.add(content);
        }
        // The latest messages lead, so an answer echoes the question rather than a long system prompt.
        StringBuilder wordSource = new StringBuilder();
        for (int i = contents.size() - 1; i >= 0; i--) {
            wordSource.append(contents.get(i)).append('\n');
        }
        return List.of(
                new Prompt(seedText.toString(), SimTextGenerator.promptWords(wordSource.toString()), tokens, ""));
    }

    private static String content(Object content, int index) throws SimApiException {
        if (content == null) {
            return "";
        }
        if (content instanceof String) {
            return (String) content;
        }
        if (content instanceof List) {
            StringBuilder text = new StringBuilder();
            for (Object part : (List<?>) content) {
                if (!(part instanceof Map)) {
                    throw SimApiException.badRequest(
                            "messages", "messages[" + index + "].content parts must be objects");
                }
                Map<?, ?> map = (Map<?, ?>) part;
                if ("text".equals(map.get("type")) && map.get("text") instanceof String) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append((String) map.get("text"));
                }
            }
            return text.toString();
        }
        throw SimApiException.badRequest(
                "messages", "messages[" + index + "].content must be a string or a list of parts");
    }

    private static List<Prompt> completionPrompts(Map<String, Object> fields) throws SimApiException {
        Object raw = fields.get("prompt");
        if (raw == null) {
            throw SimApiException.badRequest("prompt", "Field required: prompt");
        }
        if (raw instanceof String) {
            return List.of(textPrompt((String) raw));
        }
        if (raw instanceof List && !((List<?>) raw).isEmpty()) {
            List<?> list = (List<?>) raw;
            if (list.stream().allMatch(e -> e instanceof String)) {
                List<Prompt> prompts = new ArrayList<>();
                for (Object e : list) {
                    prompts.add(textPrompt((String) e));
                }
                return prompts;
            }
            if (list.stream().allMatch(SimRequest::isTokenId)) {
                return List.of(idsPrompt(list));
            }
            if (list.stream()
                    .allMatch(e -> e instanceof List
                            && !((List<?>) e).isEmpty()
                            && ((List<?>) e).stream().allMatch(SimRequest::isTokenId))) {
                List<Prompt> prompts = new ArrayList<>();
                for (Object e : list) {
                    prompts.add(idsPrompt((List<?>) e));
                }
                return prompts;
            }
        }
        throw SimApiException.badRequest(
                "prompt", "prompt must be a string, a list of strings, a list of token ids, or a list of such lists");
    }

    private static boolean isTokenId(Object value) {
        return value instanceof Long && (Long) value >= 0;
    }

    private static Prompt textPrompt(String text) {
        return new Prompt(
                text,
                SimTextGenerator.promptWords(text),
                SimTokenizer.TOKENS_PER_COMPLETION_PROMPT + SimTokenizer.count(text),
                text);
    }

    private static Prompt idsPrompt(List<?> ids) {
        // Token ids are already tokens; with no vocabulary to decode them, echo adds nothing.
        return new Prompt("ids:" + ids, List.of(), ids.size(), "");
    }

    private static List<String> stops(Object raw) throws SimApiException {
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof String) {
            return ((String) raw).isEmpty() ? List.of() : List.of((String) raw);
        }
        if (raw instanceof List) {
            List<String> stops = new ArrayList<>();
            for (Object e : (List<?>) raw) {
                if (!(e instanceof String)) {
                    throw SimApiException.badRequest("stop", "stop must be a string or a list of strings");
                }
                if (!((String) e).isEmpty()) {
                    stops.add((String) e);
                }
            }
            return List.copyOf(stops);
        }
        throw SimApiException.badRequest("stop", "stop must be a string or a list of strings");
    }

    private static Optional<String> optionalString(Map<String, Object> fields, String name) throws SimApiException {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            throw SimApiException.badRequest(name, name + " must be a string");
        }
        return Optional.of((String) value);
    }

    private static OptionalInt optionalInt(Map<String, Object> fields, String name, int min) throws SimApiException {
        OptionalLong value = optionalLong(fields, name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        long v = value.getAsLong();
        if (v < min) {
            throw SimApiException.badRequest(name, name + " must be at least " + min + ", got " + v + ".");
        }
        if (v > Integer.MAX_VALUE) {
            throw SimApiException.badRequest(name, name + " is too large: " + v + ".");
        }
        return OptionalInt.of((int) v);
    }

    private static OptionalLong optionalLong(Map<String, Object> fields, String name) throws SimApiException {
        Object value = fields.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Long) {
            return OptionalLong.of((Long) value);
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return OptionalLong.of((long) d);
            }
        }
        if (value instanceof BigInteger) {
            throw SimApiException.badRequest(name, name + " is out of range: " + value + ".");
        }
        throw SimApiException.badRequest(name, name + " must be an integer, got " + value + ".");
    }

    private static OptionalDouble optionalNumber(Map<String, Object> fields, String name) throws SimApiException {
        Object value = fields.get(name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        if (value instanceof Number) {
            return OptionalDouble.of(((Number) value).doubleValue());
        }
        throw SimApiException.badRequest(name, name + " must be a number, got " + value + ".");
    }

    private static Optional<Boolean> optionalBoolean(Map<String, Object> fields, String name) throws SimApiException {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean) {
            return Optional.of((Boolean) value);
        }
        throw SimApiException.badRequest(name, name + " must be a boolean, got " + value + ".");
    }
}
