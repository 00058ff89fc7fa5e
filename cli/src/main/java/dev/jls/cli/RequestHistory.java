package dev.jls.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request ids this {@code jls} submitted, kept so that shell completion can offer them: the API
 * has no call that lists a deployment's requests. One line per request in {@code requests.tsv} under
 * the {@link ConfigDir}: the target (base URL) it went to, its deployment and its id, oldest first; the
 * last {@value #KEPT} of each target are kept. The file is a convenience: a request missing from it (sent
 * by another program, or written over by a concurrent {@code jls}) is still there on the server.
 */
public final class RequestHistory {

    static final String FILE = "requests.tsv";
    /** How many request ids are kept per target. */
    static final int KEPT = 200;

    private final ConfigDir dir;

    public RequestHistory(ConfigDir dir) {
        this.dir = dir;
    }

    /** The target requests are filed under: the base URL they went to, or {@code hosted} for every region. */
    public static String target(Optional<String> baseUrl) {
        return baseUrl.orElse("hosted");
    }

    /** Records a request just submitted; the oldest of the target beyond {@value #KEPT} are dropped. */
    public void add(String target, String deploymentId, String requestId) throws IOException {
        List<Entry> entries = new ArrayList<>(read());
        entries.add(new Entry(target, deploymentId, requestId));
        long ofTarget = entries.stream().filter(e -> e.target().equals(target)).count();
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries) {
            if (e.target().equals(target) && ofTarget > KEPT) {
                ofTarget--;
                continue;
            }
            kept.add(e);
        }
        StringBuilder text = new StringBuilder();
        for (Entry e : kept) {
            text.append(e.target())
                    .append('\t')
                    .append(e.deploymentId())
                    .append('\t')
                    .append(e.requestId())
                    .append('\n');
        }
        dir.writePrivate(FILE, text.toString());
    }

    /**
     * The request ids recorded for {@code target}, newest first; only those of {@code deploymentId}
     * when it is not null.
     */
    public List<String> requestIds(String target, String deploymentId) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Entry e : read()) {
            if (e.target().equals(target)
                    && (deploymentId == null || e.deploymentId().equals(deploymentId))) {
                ids.add(0, e.requestId());
            }
        }
        return ids;
    }

    private List<Entry> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(FILE));
        } catch (NoSuchFileException absent) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3) {
                entries.add(new Entry(fields[0], fields[1], fields[2]));
            }
        }
        return entries;
    }

    private record Entry(String target, String deploymentId, String requestId) {}
}
