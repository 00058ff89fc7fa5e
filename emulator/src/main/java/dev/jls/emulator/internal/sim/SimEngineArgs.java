package dev.jls.emulator.internal.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated engine's command line, read as {@code vllm serve} reads its own: {@code <model> --host H
 * --port P [--served-model-name N ...] [--max-model-len L] [--max-num-seqs S]}. Every other {@code
 * --flag}, with or without a value, is accepted and kept in {@link #ignored()}, so a launcher can pass
 * a deployment's {@code args} unchanged. A flag takes the next argument as its value unless that
 * starts with {@code --} ({@code --served-model-name} takes all such arguments); so, as with vLLM, the
 * model comes first.
 *
 * @param model the model, as {@code <model>} or {@code --model}; the cards' {@code root}
 * @param host the address to listen on; default {@value #DEFAULT_HOST}
 * @param port the port to listen on; default {@value #DEFAULT_PORT}; 0 picks a free one
 * @param servedModelNames the names requests may use; default the model
 * @param maxModelLen the context length in tokens; default {@value #DEFAULT_MAX_MODEL_LEN}
 * @param maxNumSeqs the most requests generating at once, the rest wait; default {@value
 *     #DEFAULT_MAX_NUM_SEQS}
 * @param ignored the other flags as given, each with its value when it had one
 */
public record SimEngineArgs(
        String model,
        String host,
        int port,
        List<String> servedModelNames,
        int maxModelLen,
        int maxNumSeqs,
        List<String> ignored) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_MODEL_LEN = 8192;
    public static final int DEFAULT_MAX_NUM_SEQS = 256;

    static final String USAGE =
            "usage: SimEngineMain <model> [--host HOST] [--port PORT] [--served-model-name NAME ...]"
                    + " [--max-model-len LEN] [--max-num-seqs N] [other vLLM flags, ignored]";

    public SimEngineArgs {
        servedModelNames = List.copyOf(servedModelNames);
        ignored = List.copyOf(ignored);
    }

    /** The name answers carry: the first served model name. */
    public String primaryName() {
        return servedModelNames.get(0);
    }

    /**
     * Reads a command line.
     *
     * @throws IllegalArgumentException with a message naming the flag, when it cannot be read
     */
    public static SimEngineArgs parse(List<String> args) {
        String model = null;
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        List<String> served = new ArrayList<>();
        int maxModelLen = DEFAULT_MAX_MODEL_LEN;
        int maxNumSeqs = DEFAULT_MAX_NUM_SEQS;
        List<String> ignored = new ArrayList<>();

        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (model != null) {
                    throw new IllegalArgumentException("unrecognized argument: '" + arg + "'");
                }
                model = arg;
                i++;
                continue;
            }
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            List<String> values = new ArrayList<>();
            if (inline != null) {
                values.add(inline);
                i++;
            } else {
                i++;
                // served-model-name takes several values, as vLLM's does; other flags at most one.
                int most = flag.equals("--served-model-name") ? Integer.MAX_VALUE : 1;
                while (i < args.size() && values.size() < most && !args.get(i).startsWith("--")) {
                    values.add(args.get(i));
                    i++;
                }
            }
            switch (flag) {
                case "--model":
                    model = single(flag, values);
                    break;
                case "--host":
                    host = single(flag, values);
                    break;
                case "--port":
                    port = intValue(flag, single(flag, values), 0, 65535);
                    break;
                case "--served-model-name":
                    if (values.isEmpty()) {
                        throw new IllegalArgumentException("argument --served-model-name: expected at least one name");
                    }
                    served.addAll(values);
                    break;
                case "--max-model-len":
                    maxModelLen = intValue(flag, single(flag, values), 1, Integer.MAX_VALUE);
                    break;
                case "--max-num-seqs":
                    maxNumSeqs = intValue(flag, single(flag, values), 1, Integer.MAX_VALUE);
                    break;
                default:
                    ignored.add(values.isEmpty() ? flag : flag + " " + values.get(0));
            }
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the following arguments are required: model");
        }
        if (served.isEmpty()) {
            served.add(model);
        }
        return new SimEngineArgs(model, host, port, served, maxModelLen, maxNumSeqs, ignored);
    }

    private static String single(String flag, List<String> values) {
        if (values.size() != 1 || values.get(0).isEmpty()) {
            throw new IllegalArgumentException("argument " + flag + ": expected one value");
        }
        return values.get(0);
    }

    private static int intValue(String flag, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + flag + ": invalid int value: '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(
                    "argument " + flag + ": " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }
}
