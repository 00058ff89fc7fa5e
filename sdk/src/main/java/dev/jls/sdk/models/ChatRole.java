package dev.jls.sdk.models;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who speaks a chat message: {@code system}, {@code user}, {@code assistant}, {@code tool},
 * {@code developer}.
 *
 * <p>An open enum: {@link #of(String)} accepts any word, and one this SDK does not know reads as
 * {@link Value#_UNKNOWN} from {@link #value()} while {@link #asString()} keeps it.
 */
public final class ChatRole extends OpenEnum {

    /** {@code system}. */
    public static final ChatRole SYSTEM = new ChatRole("system");

    /** {@code user}. */
    public static final ChatRole USER = new ChatRole("user");

    /** {@code assistant}. */
    public static final ChatRole ASSISTANT = new ChatRole("assistant");

    /** {@code tool}. */
    public static final ChatRole TOOL = new ChatRole("tool");

    /** {@code developer}. */
    public static final ChatRole DEVELOPER = new ChatRole("developer");

    private static final Map<String, ChatRole> KNOWN = Stream.of(SYSTEM, USER, ASSISTANT, TOOL, DEVELOPER)
            .collect(Collectors.toUnmodifiableMap(ChatRole::asString, Function.identity()));

    /** The known words as a Java enum, for {@code switch}. */
    public enum Value {
        /** {@code system}. */
        SYSTEM,
        /** {@code user}. */
        USER,
        /** {@code assistant}. */
        ASSISTANT,
        /** {@code tool}. */
        TOOL,
        /** {@code developer}. */
        DEVELOPER,
        /** A word this SDK version does not know. */
        _UNKNOWN
    }

    private ChatRole(String value) {
        super(value);
    }

    /**
     * @param value the word as on the wire, exactly (case matters)
     * @return the constant for a known word, else a new instance keeping the word
     */
    @JsonCreator
    public static ChatRole of(String value) {
        Objects.requireNonNull(value, "value");
        ChatRole known = KNOWN.get(value);
        return known != null ? known : new ChatRole(value);
    }

    /**
     * @return the known word as a Java enum, or {@link Value#_UNKNOWN}
     */
    public Value value() {
        return switch (asString()) {
            case "system" -> Value.SYSTEM;
            case "user" -> Value.USER;
            case "assistant" -> Value.ASSISTANT;
            case "tool" -> Value.TOOL;
            case "developer" -> Value.DEVELOPER;
            default -> Value._UNKNOWN;
        };
    }

    /**
     * @return true when this SDK version knows the word
     */
    public boolean isKnown() {
        return value() != Value._UNKNOWN;
    }
}
