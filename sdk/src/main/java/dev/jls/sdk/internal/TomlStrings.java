package dev.jls.sdk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds one string value in a TOML document, without a TOML library: as much of TOML 1.0 as it takes to
 * walk any document to that key. It reads table headers, dotted and quoted keys, the four string forms
 * with their escapes, and steps over every other value (numbers, booleans, dates, arrays across lines,
 * inline tables) without interpreting it. A document it cannot walk is an error naming the line.
 *
 * <p>It checks the shape of the document, not every rule of TOML: a key defined twice elsewhere, or a
 * number out of range, goes unnoticed.
 */
public final class TomlStrings {

    /** A document this reader cannot walk; {@link #line()} is where, counted from 1. */
    public static final class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final int line;

        SyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }

        /** The line the error is on, from 1. */
        public int line() {
            return line;
        }
    }

    private final String text;
    private final List<String> wanted;
    private int at;
    private List<String> table = List.of();
    private boolean inArrayTable;
    private String found;

    private TomlStrings(String text, List<String> wanted) {
        this.text = text;
        this.wanted = wanted;
    }

    /**
     * The string at {@code path} (the table's names, then the key: {@code ["auth", "token"]} for
     * {@code token} in {@code [auth]}, or for {@code auth.token} at the top).
     *
     * @return the value; empty when the document has no such key
     * @throws SyntaxException if the document is not TOML this reader can walk, or the key holds
     *     something other than a string, or is given twice
     */
    public static Optional<String> find(String text, List<String> path) {
        Objects.requireNonNull(text, "text");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path: must name a key");
        }
        return new TomlStrings(text, List.copyOf(path)).walk();
    }

    private Optional<String> walk() {
        if (text.startsWith("\uFEFF")) {
            at = 1;
        }
        while (true) {
            skipBlankLinesAndComments();
            if (atEnd()) {
                return Optional.ofNullable(found);
            }
            if (peek() == '[') {
                tableHeader();
            } else {
                keyValue();
            }
            endOfLine();
        }
    }

    private void tableHeader() {
        boolean array = text.startsWith("[[", at);
        at += array ? 2 : 1;
        spaces();
        List<String> name = key();
        spaces();
        expect(array ? "]]" : "]", "a table header that ends with " + (array ? "]]" : "]"));
        table = name;
        inArrayTable = array;
    }

    private void keyValue() {
        List<String> key = key();
        spaces();
        expect("=", "'=' after the key " + String.join(".", key));
        spaces();
        List<String> path = new ArrayList<>(table);
        path.addAll(key);
        value(inArrayTable ? null : path);
    }

    /**
     * Reads the value of the key at {@code path} (null inside an array of tables, which the wanted key
     * is never in): the wanted string is kept, anything else stepped over.
     */
    private void value(List<String> path) {
        if (wanted.equals(path)) {
            int line = line();
            if (peek() != '"' && peek() != '\'') {
                throw new SyntaxException(line, String.join(".", wanted) + " must be a quoted string");
            }
            String value = string();
            if (found != null) {
                throw new SyntaxException(line, String.join(".", wanted) + " is given twice");
            }
            found = value;
            return;
        }
        char c = peek();
        if (c == '"' || c == '\'') {
            string();
        } else if (c == '[') {
            array();
        } else if (c == '{') {
            inlineTable(path);
        } else {
            scalar();
        }
    }

    private void array() {
        at++;
        while (true) {
            skipBlankLinesAndComments();
            if (peek() == ']') {
                at++;
                return;
            }
            value(null);
            skipBlankLinesAndComments();
            if (peek() == ',') {
                at++;
            } else {
                expect("]", "',' or ']' in an array");
                return;
            }
        }
    }

    private void inlineTable(List<String> path) {
        at++;
        spaces();
        if (peek() == '}') {
            at++;
            return;
        }
        while (true) {
            List<String> key = key();
            expect("=", "'=' after the key " + String.join(".", key));
            spaces();
            List<String> inner = null;
            if (path != null) {
                inner = new ArrayList<>(path);
                inner.addAll(key);
            }
            value(inner);
            spaces();
            if (peek() == ',') {
                at++;
                spaces();
            } else {
                expect("}", "',' or '}' in an inline table");
                return;
            }
        }
    }

    /** A key: bare or quoted parts joined by dots, with spaces allowed around the dots. */
    private List<String> key() {
        List<String> parts = new ArrayList<>();
        while (true) {
            char c = peek();
            if (c == '"') {
                parts.add(basicString());
            } else if (c == '\'') {
                parts.add(literalString());
            } else {
                int start = at;
                while (!atEnd() && isBareKeyChar(peek())) {
                    at++;
                }
                if (start == at) {
                    throw error("expected a key" + found());
                }
                parts.add(text.substring(start, at));
            }
            spaces();
            if (peek() != '.') {
                return parts;
            }
            at++;
            spaces();
        }
    }

    /** A number, boolean or date: steps over it without reading it. */
    private void scalar() {
        int start = at;
        while (!atEnd() && isScalarChar(peek())) {
            at++;
        }
        if (start == at) {
            throw error("expected a value" + found());
        }
        // A date and a time may be separated by one space: 1979-05-27 07:32:00Z.
        if (at - start == 10
                && text.charAt(start + 4) == '-'
                && peek() == ' '
                && at + 1 < text.length()
                && Character.isDigit(text.charAt(at + 1))) {
            at++;
            while (!atEnd() && isScalarChar(peek())) {
                at++;
            }
        }
    }

    private String string() {
        if (text.startsWith("\"\"\"", at)) {
            return multiLineString('"');
        }
        if (text.startsWith("'''", at)) {
            return multiLineString('\'');
        }
        return peek() == '"' ? basicString() : literalString();
    }

    private String basicString() {
        int line = line();
        at++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd() || peek() == '\n' || peek() == '\r') {
                throw new SyntaxException(line, "a string that starts with \" does not end on its line");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
            }
        }
    }

    private String literalString() {
        int line = line();
        int start = ++at;
        while (!atEnd() && peek() != '\'' && peek() != '\n' && peek() != '\r') {
            at++;
        }
        if (atEnd() || peek() != '\'') {
            throw new SyntaxException(line, "a string that starts with ' does not end on its line");
        }
        return text.substring(start, at++);
    }

    private String multiLineString(char quote) {
        int line = line();
        at += 3;
        // A newline right after the opening quotes is not part of the value.
        if (text.startsWith("\r\n", at)) {
            at += 2;
        } else if (!atEnd() && peek() == '\n') {
            at++;
        }
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new SyntaxException(
                        line,
                        "a string that starts with " + String.valueOf(quote).repeat(3) + " never ends");
            }
            char c = text.charAt(at);
            if (c == quote && text.startsWith(String.valueOf(quote).repeat(3), at)) {
                int run = 0;
                while (at + run < text.length() && text.charAt(at + run) == quote) {
                    run++;
                }
                if (run > 5) {
                    throw error("too many quotes at the end of a string");
                }
                // Up to two quotes just before the closing three belong to the value.
                value.append(String.valueOf(quote).repeat(run - 3));
                at += run;
                return value.toString();
            }
            at++;
            if (quote == '"' && c == '\\') {
                if (lineEndingBackslash()) {
                    continue;
                }
                escape(value);
            } else {
                value.append(c);
            }
        }
    }

    /** After a backslash in a multi-line basic string: a backslash that ends its line trims the spaces after it. */
    private boolean lineEndingBackslash() {
        int look = at;
        while (look < text.length() && (text.charAt(look) == ' ' || text.charAt(look) == '\t')) {
            look++;
        }
        if (look >= text.length() || (text.charAt(look) != '\n' && text.charAt(look) != '\r')) {
            return false;
        }
        while (look < text.length() && " \t\r\n".indexOf(text.charAt(look)) >= 0) {
            look++;
        }
        at = look;
        return true;
    }

    private void escape(StringBuilder value) {
        if (atEnd()) {
            throw error("a backslash ends the document");
        }
        char c = text.charAt(at++);
        switch (c) {
            case 'b' -> value.append('\b');
            case 't' -> value.append('\t');
            case 'n' -> value.append('\n');
            case 'f' -> value.append('\f');
            case 'r' -> value.append('\r');
            case 'e' -> value.append('\u001B');
            case '"' -> value.append('"');
            case '\\' -> value.append('\\');
            case 'x' -> value.appendCodePoint(hex(2));
            case 'u' -> value.appendCodePoint(hex(4));
            case 'U' -> value.appendCodePoint(hex(8));
            default -> {
                at--;
                throw error("unknown escape \\" + c + " in a string");
            }
        }
    }

    private int hex(int digits) {
        if (at + digits > text.length()) {
            throw error("expected " + digits + " hexadecimal digits after the escape");
        }
        int code;
        try {
            code = Integer.parseUnsignedInt(text.substring(at, at + digits), 16);
        } catch (NumberFormatException e) {
            throw error("expected " + digits + " hexadecimal digits after the escape");
        }
        if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw error("the escape \\" + text.substring(at - 1, at + digits) + " is not a Unicode scalar value");
        }
        at += digits;
        return code;
    }

    private void endOfLine() {
        spaces();
        if (!atEnd() && peek() == '#') {
            skipComment();
        }
        if (atEnd()) {
            return;
        }
        if (peek() == '\n') {
            at++;
        } else if (text.startsWith("\r\n", at)) {
            at += 2;
        } else {
            throw error("expected the end of the line" + found());
        }
    }

    private void skipBlankLinesAndComments() {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                at++;
            } else if (c == '#') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (!atEnd() && peek() != '\n' && peek() != '\r') {
            at++;
        }
    }

    private void spaces() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            at++;
        }
    }

    private void expect(String token, String what) {
        if (!text.startsWith(token, at)) {
            throw error("expected " + what + found());
        }
        at += token.length();
    }

    private String found() {
        if (atEnd()) {
            return ", found the end of the document";
        }
        char c = peek();
        if (c == '\n' || c == '\r') {
            return ", found the end of the line";
        }
        return ", found '" + c + "'";
    }

    private SyntaxException error(String message) {
        return new SyntaxException(line(), message);
    }

    private int line() {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private char peek() {
        return atEnd() ? '\0' : text.charAt(at);
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static boolean isScalarChar(char c) {
        return isBareKeyChar(c) || c == '+' || c == '.' || c == ':';
    }
}
