package dev.jls.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command writes: results on standard output (a table or one JSON document), progress and
 * errors on standard error. Progress appears only on a terminal and never in JSON mode, so that
 * {@code -o json} output can always be parsed and piped output stays clean.
 */
public final class Output {

    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;
    private final Terminal terminal;

    public Output(PrintWriter out, PrintWriter err, OutputFormat format, Terminal terminal) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.terminal = terminal;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean isJson() {
        return format == OutputFormat.json;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** Whether progress (state changes, spinners) may be shown: on a terminal, not in JSON mode. */
    public boolean showsProgress() {
        return terminal.interactive() && !isJson();
    }

    /** Prints the command's one JSON document. */
    public void json(JsonNode document) {
        out.println(Documents.pretty(document));
        out.flush();
    }

    /** A line of the human-readable result, on standard output; nothing in JSON mode. */
    public void line(String text) {
        if (!isJson()) {
            out.println(text);
            out.flush();
        }
    }

    /** A line for the person at the keyboard (hints, state changes), on standard error; nothing in JSON mode. */
    public void note(String text) {
        if (!isJson()) {
            err.println(text);
            err.flush();
        }
    }

    /** A progress line on standard error, only where {@link #showsProgress()}. */
    public void progress(String text) {
        if (showsProgress()) {
            err.println(text);
            err.flush();
        }
    }

    public String bold(String text) {
        return style("1", text);
    }

    public String dim(String text) {
        return style("2", text);
    }

    public String green(String text) {
        return style("32", text);
    }

    public String red(String text) {
        return style("31", text);
    }

    public String yellow(String text) {
        return style("33", text);
    }

    public String cyan(String text) {
        return style("36", text);
    }

    private String style(String code, String text) {
        return terminal.color() ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    /** Prints rows under upper-case headers, columns separated by at least two spaces. */
    public void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList());
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = i < row.size() ? row.get(i) : "";
                line.append(cell);
                if (i < widths.length - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Prints "key: value" lines with the keys aligned. */
    public void fields(List<String[]> pairs) {
        int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] pair : pairs) {
            out.println(pair[0] + ":" + " ".repeat(width - pair[0].length() + 1) + pair[1]);
        }
        out.flush();
    }
}
