package dev.jls.emulator.internal.ui;

import java.util.Collection;

/**
 * Markup built from templates whose values are escaped unless they are markup themselves: a name or a
 * model holding {@code <script>} renders as text.
 */
final class Html {

    private final String markup;

    private Html(String markup) {
        this.markup = markup;
    }

    static final Html EMPTY = new Html("");

    /**
     * {@code template} with each {@code {}} replaced by the next value: an {@link Html} as it is, any
     * other value as its escaped text (null as nothing).
     */
    static Html of(String template, Object... values) {
        StringBuilder sb = new StringBuilder(template.length() + 16 * values.length);
        int from = 0;
        int next = 0;
        for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
            if (next >= values.length) {
                throw new IllegalArgumentException("more {} than values in: " + template);
            }
            sb.append(template, from, at);
            append(sb, values[next++]);
            from = at + 2;
        }
        if (next != values.length) {
            throw new IllegalArgumentException("more values than {} in: " + template);
        }
        sb.append(template, from, template.length());
        return new Html(sb.toString());
    }

    /** Pieces of markup one after another. */
    static Html join(Collection<Html> parts) {
        StringBuilder sb = new StringBuilder();
        for (Html h : parts) {
            sb.append(h.markup);
        }
        return new Html(sb.toString());
    }

    private static void append(StringBuilder sb, Object value) {
        if (value instanceof Html h) {
            sb.append(h.markup);
        } else if (value != null) {
            escape(sb, value.toString());
        }
    }

    /** Text made safe for element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        escape(sb, text);
        return sb.toString();
    }

    private static void escape(StringBuilder sb, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return markup;
    }
}
