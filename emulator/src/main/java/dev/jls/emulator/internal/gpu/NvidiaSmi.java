package dev.jls.emulator.internal.gpu;

import dev.jls.emulator.internal.core.Gpu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Reads the machine's NVIDIA GPUs through {@code nvidia-smi}, and turns product names into the short
 * types a deployment's {@code gpus_to_use} names.
 */
public final class NvidiaSmi {

    /** The query the emulator runs; columns beyond these five are tolerated when parsing. */
    public static final List<String> QUERY_ARGUMENTS =
            List.of("--query-gpu=index,uuid,name,memory.total,memory.used", "--format=csv,noheader,nounits");

    /** How long {@code nvidia-smi} may take before the machine counts as having no usable GPU. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private static final Pattern MEMORY_SIZE = Pattern.compile("\\d+GB");
    // Form factors and memory kinds say nothing a deployment chooses by.
    private static final Pattern FORM_FACTOR =
            Pattern.compile("SXM\\d*|PCIE|HBM\\w*|NVL|NVLINK|GENERATION|MAX-Q|MOBILE");
    private static final Set<String> VENDOR_WORDS = Set.of("NVIDIA", "TESLA", "GEFORCE", "QUADRO");
    // The hosted service names Hopper parts without their memory size (there is one size per name it
    // offers), but tells the 40 and 80 GB A100 apart; other parts keep the size when the name has one.
    private static final Set<String> SIZE_LESS_MODELS = Set.of("H100", "H200", "H800", "GH200");

    private NvidiaSmi() {}

    /**
     * What a run of {@code nvidia-smi} found.
     *
     * @param gpus the GPUs, empty when none was found
     * @param reason why none was found, or a description of what was found
     */
    public record Discovery(List<Gpu> gpus, String reason) {
        public Discovery {
            gpus = List.copyOf(gpus);
        }
    }

    /**
     * Runs {@code executable} with {@link #QUERY_ARGUMENTS}. Never throws: an absent executable, a
     * non-zero exit, a timeout or unreadable output all give an empty discovery with the reason.
     */
    public static Discovery discover(String executable, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(QUERY_ARGUMENTS);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Discovery(List.of(), executable + " could not be run (" + e.getMessage() + ")");
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // nvidia-smi reads nothing; a stdin that cannot be closed changes nothing.
        }
        CompletableFuture<String> output = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        output.complete(readAll(process.getInputStream()));
                    } catch (RuntimeException e) {
                        output.completeExceptionally(e);
                    }
                },
                "nvidia-smi-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Discovery(List.of(), executable + " did not answer within " + timeout.toSeconds() + " s");
            }
            String text = output.get(5, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                String firstLine = text.strip().lines().findFirst().orElse("no output");
                return new Discovery(List.of(), executable + " exited with " + process.exitValue() + ": " + firstLine);
            }
            List<Gpu> gpus = parse(text);
            if (gpus.isEmpty()) {
                return new Discovery(List.of(), executable + " listed no GPU");
            }
            return new Discovery(gpus, describe(gpus) + " found by " + executable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Discovery(List.of(), "interrupted while running " + executable);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            return new Discovery(List.of(), "could not read the output of " + executable);
        } catch (IllegalArgumentException e) {
            return new Discovery(List.of(), "could not read the output of " + executable + ": " + e.getMessage());
        }
    }

    /**
     * Parses {@code --format=csv,noheader,nounits} output of the query {@code
     * index,uuid,name,memory.total,memory.used[,…]}. Blank lines, a header line, spaces around values,
     * unit suffixes ({@code MiB}) and extra columns are tolerated; memory given as {@code [N/A]} reads
     * as 0.
     *
     * @throws IllegalArgumentException naming the line and the column when a line cannot be read
     */
    public static List<Gpu> parse(String output) {
        List<Gpu> gpus = new ArrayList<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.toLowerCase(Locale.ROOT).startsWith("index")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            int lineNumber = i + 1;
            if (cells.length < 5) {
                throw new IllegalArgumentException("nvidia-smi line "
                        + lineNumber
                        + ": expected at least 5 columns (index, uuid, name, memory.total, memory.used) but got "
                        + cells.length
                        + ": '"
                        + line
                        + "'");
            }
            int index = (int) number(cells[0], "index", lineNumber, line, false);
            String uuid = cells[1].strip();
            String name = cells[2].strip();
            if (uuid.isEmpty() || name.isEmpty()) {
                throw new IllegalArgumentException("nvidia-smi line " + lineNumber + ": "
                        + (uuid.isEmpty() ? "uuid" : "name") + " is empty: '" + line + "'");
            }
            long total = number(cells[3], "memory.total", lineNumber, line, true);
            long used = number(cells[4], "memory.used", lineNumber, line, true);
            gpus.add(new Gpu(index, uuid, name, shortType(name), total, used, false));
        }
        return List.copyOf(gpus);
    }

    private static long number(String cell, String column, int lineNumber, String line, boolean memory) {
        String value = cell.strip();
        if (memory) {
            if (value.equalsIgnoreCase("[N/A]") || value.equalsIgnoreCase("N/A")) {
                return 0;
            }
            if (value.endsWith("MiB")) {
                value = value.substring(0, value.length() - 3).strip();
            }
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nvidia-smi line "
                    + lineNumber
                    + ": "
                    + column
                    + " '"
                    + cell.strip()
                    + "' is not a non-negative number: '"
                    + line
                    + "'");
        }
    }

    /**
     * The short type of a GPU product name: {@code NVIDIA H100 80GB HBM3} → {@code H100}, {@code NVIDIA
     * H200} → {@code H200}, {@code NVIDIA A100-SXM4-80GB} and {@code NVIDIA A100 80GB PCIe} → {@code
     * A100-80GB}, {@code NVIDIA L4} → {@code L4}. In general: vendor and brand words ({@code NVIDIA},
     * {@code Tesla}, {@code GeForce}, {@code Quadro}) and form factors ({@code SXM4}, {@code PCIe},
     * {@code HBM3}, {@code NVL}, …) are dropped, the remaining words are upper-cased and joined with
     * {@code -}, and a memory size ({@code 80GB}) goes last; Hopper parts (H100, H200) drop it. For
     * example {@code Tesla V100-SXM2-16GB} → {@code V100-16GB}, {@code NVIDIA GeForce RTX 4090} → {@code
     * RTX-4090}, {@code NVIDIA RTX 6000 Ada Generation} → {@code RTX-6000-ADA}.
     */
    public static String shortType(String productName) {
        List<String> model = new ArrayList<>();
        Optional<String> memory = Optional.empty();
        for (String word : productName.strip().toUpperCase(Locale.ROOT).split("[\\s\\-_]+")) {
            if (word.isEmpty()
                    || VENDOR_WORDS.contains(word)
                    || FORM_FACTOR.matcher(word).matches()) {
                continue;
            }
            if (MEMORY_SIZE.matcher(word).matches()) {
                memory = Optional.of(word);
                continue;
            }
            model.add(word);
        }
        if (model.isEmpty()) {
            return productName.strip().isEmpty()
                    ? "UNKNOWN"
                    : productName.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", "-");
        }
        String type = String.join("-", model);
        if (memory.isPresent() && !SIZE_LESS_MODELS.contains(model.get(0))) {
            type = type + "-" + memory.get();
        }
        return type;
    }

    /** {@code 3 GPUs (H100 x2, L4 x1)}: the count and the types of {@code gpus}. */
    public static String describe(List<Gpu> gpus) {
        StringBuilder text = new StringBuilder();
        text.append(gpus.size()).append(gpus.size() == 1 ? " GPU" : " GPUs").append(" (");
        Map<String, Integer> byType = new LinkedHashMap<>();
        for (Gpu gpu : gpus) {
            byType.merge(gpu.type(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        byType.forEach((type, count) -> parts.add((Gpu.ANY_TYPE.equals(type) ? "any type" : type) + " x" + count));
        return text.append(String.join(", ", parts)).append(")").toString();
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
