package dev.jls.emulator.internal.ui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.emulator.internal.core.DeploymentSpec;
import dev.jls.emulator.internal.core.FieldError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's forms: read from {@code application/x-www-form-urlencoded} bodies and turned into
 * the JSON bodies of the management API, so that the API's reader and the core judge them and refuse
 * them with the same messages.
 */
final class Forms {

    private Forms() {}

    /** The create form's fields, in the order the page shows them. */
    static final String[] CREATE_FIELDS = {
        "name",
        "model",
        "gpus",
        "gpus_per_worker",
        "min_workers",
        "max_workers",
        "concurrent_requests",
        "idle_timeout",
        "wait_time",
        "args"
    };

    /** The update form's fields. */
    static final String[] UPDATE_FIELDS = {"min_workers", "max_workers", "idle_timeout", "wait_time"};

    private static final String[] CREATE_INTEGERS = {
        "gpus_per_worker", "min_workers", "max_workers", "concurrent_requests", "idle_timeout", "wait_time"
    };

    /** The create form as it first shows: the API's defaults. */
    static Map<String, String> createDefaults() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("gpus_per_worker", Integer.toString(DeploymentSpec.DEFAULT_GPUS_PER_WORKER));
        form.put("min_workers", Integer.toString(DeploymentSpec.DEFAULT_MIN_WORKERS));
        form.put("max_workers", Integer.toString(DeploymentSpec.DEFAULT_MAX_WORKERS));
        form.put("concurrent_requests", Integer.toString(DeploymentSpec.DEFAULT_CONCURRENT_REQUESTS));
        form.put("idle_timeout", Integer.toString(DeploymentSpec.DEFAULT_IDLE_TIMEOUT));
        form.put("wait_time", Integer.toString(DeploymentSpec.DEFAULT_WAIT_TIME));
        return form;
    }

    /** The fields of a form body; of a field given twice, the first. */
    static Map<String, String> parse(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** The create form as the body of {@code POST /management/create}; blank fields are left out. */
    static ObjectNode createBody(Map<String, String> form) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        text(o, "name", form.get("name"));
        for (String f : CREATE_INTEGERS) {
            integer(o, f, form.get(f));
        }
        String gpus = form.getOrDefault("gpus", "").trim();
        if (!gpus.isEmpty()) {
            var list = o.putObject("gpus_to_use").putArray("gpus");
            for (String g : gpus.split(",", -1)) {
                list.add(g.trim());
            }
        }
        ObjectNode args = o.putObject("args");
        text(args, "model", form.get("model"));
        for (String line : form.getOrDefault("args", "").split("\n")) {
            String l = line.trim();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            args.put(
                    (eq < 0 ? l : l.substring(0, eq)).trim(),
                    eq < 0 ? "" : l.substring(eq + 1).trim());
        }
        return o;
    }

    /** The update form as the body of {@code PATCH /management/{id}}; blank fields are left out. */
    static ObjectNode updateBody(Map<String, String> form) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String f : UPDATE_FIELDS) {
            integer(o, f, form.get(f));
        }
        return o;
    }

    private static void text(ObjectNode o, String field, String value) {
        if (value != null && !value.isBlank()) {
            o.put(field, value.trim());
        }
    }

    /** A number as the API would get it from a client; anything else as the text it is, which it refuses. */
    private static void integer(ObjectNode o, String field, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String v = value.trim();
        try {
            o.put(field, Long.parseLong(v));
        } catch (NumberFormatException notWhole) {
            o.put(field, v);
        }
    }

    /** The form field a refused API field is shown next to; empty for none of them. */
    static String fieldOf(FieldError e) {
        String f = e.field();
        if (f.equals("args.model")) {
            return "model";
        }
        if (f.startsWith("gpus_to_use")) {
            return "gpus";
        }
        if (f.startsWith("args")) {
            return "args";
        }
        int dot = f.indexOf('.');
        return dot < 0 ? f : f.substring(0, dot);
    }
}
