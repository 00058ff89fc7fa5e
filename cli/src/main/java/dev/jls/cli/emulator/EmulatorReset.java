package dev.jls.cli.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jls.cli.BaseCommand;
import dev.jls.cli.CommandFailure;
import dev.jls.cli.Confirmation;
import dev.jls.cli.Documents;
import dev.jls.cli.ExitCodes;
import dev.jls.cli.Words;
import dev.jls.emulator.internal.store.DataDir;
import dev.jls.emulator.internal.store.SqliteStore;
import dev.jls.emulator.internal.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jls emulator reset}: wipes the emulator's data directory. */
@Command(
        name = "reset",
        description = {
            "Wipe the emulator's data directory: every deployment, request and the key kept there."
                    + " Other files in the directory are left alone.",
            "Asks first on a terminal; --yes skips the question (and is needed where there is no terminal)."
                    + " Refused while an emulator runs on the directory: stop it first.",
            "Examples:",
            "  jls emulator reset",
            "  jls emulator reset --data-dir ./emulator-data --yes"
        })
public final class EmulatorReset extends BaseCommand {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The data directory to wipe (default: the one jls emulator start uses:"
                    + " $JLS_DATA_DIR, else $XDG_DATA_HOME/jls/emulator, else ~/.local/share/jls/emulator).")
    Path dataDir;

    @Option(
            names = {"-y", "--yes"},
            description = "Wipe without asking.")
    boolean yes;

    @Override
    protected int run() throws IOException {
        DataDir dir = dataDir != null ? new DataDir(dataDir) : DataDir.defaultFor(jls().env());
        ObjectNode doc = Documents.object();
        doc.put("data_dir", dir.path().toString());
        long size = dir.size();
        if (size == 0) {
            doc.put("wiped", false);
            if (output().isJson()) {
                output().json(doc);
            } else {
                output().line("Nothing to wipe: " + dir + " holds no emulator data.");
            }
            return ExitCodes.OK;
        }
        if (dir.inUse()) {
            throw new CommandFailure(
                    ExitCodes.ERROR, "an emulator is running on " + dir + "; stop it first with: jls emulator stop");
        }
        String what;
        try {
            SqliteStore.Contents contents = SqliteStore.contents(dir);
            what = Words.count(contents.deployments(), "deployment") + ", "
                    + Words.count(contents.requests(), "request") + ", "
                    + DataSize.describe(size);
        } catch (StoreException unreadable) {
            what = "a database this emulator cannot read, " + DataSize.describe(size);
        }
        if (!yes) {
            if (!jls().terminal().interactive()) {
                throw usage("reset wipes " + dir + " (" + what + "); pass --yes to do it without a terminal");
            }
            if (!Confirmation.ask(output(), jls().stdin(), "Wipe " + dir + " (" + what + ")?")) {
                output().line("Nothing was changed.");
                return ExitCodes.ERROR;
            }
        }
        try {
            dir.wipe();
        } catch (StoreException e) {
            throw new CommandFailure(ExitCodes.ERROR, e.getMessage(), e);
        }
        doc.put("wiped", true);
        if (output().isJson()) {
            output().json(doc);
        } else {
            output().line("Wiped " + dir + " (" + what + ").");
        }
        return ExitCodes.OK;
    }
}
