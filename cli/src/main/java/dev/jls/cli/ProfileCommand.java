package dev.jls.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls profile}: named connections (base URL, key, region) kept in profiles.json. */
@Command(
        name = "profile",
        description = "List, save and delete saved connections (profiles).",
        subcommands = {
            ProfileCommand.ListProfiles.class,
            ProfileCommand.SaveProfile.class,
            ProfileCommand.DeleteProfile.class
        })
public final class ProfileCommand extends JlsCommand {

    @Override
    protected int run() {
        throw usage("Missing command: choose one of list, save, delete");
    }

    static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 4) + "****" + key.substring(key.length() - 2);
    }

    @Command(name = "list", description = "Show the saved profiles (keys masked).")
    static final class ListProfiles extends JlsCommand {
        @Override
        protected int run() {
            ProfileStore store = jls().profiles();
            Map<String, Profile> all = store.all();
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("file", store.file().toString());
                ObjectNode profiles = doc.putObject("profiles");
                all.forEach((name, p) -> {
                    ObjectNode entry = profiles.putObject(name);
                    p.baseUrl().ifPresent(v -> entry.put("base_url", v));
                    p.apiKey().ifPresent(v -> entry.put("api_key", mask(v)));
                    p.region().ifPresent(v -> entry.put("region", v));
                });
                output().json(doc);
                return ExitCodes.OK;
            }
            if (all.isEmpty()) {
                output().line("No profiles in " + store.file() + ". Save one with `jls profile save NAME --base-url URL"
                        + " --api-key KEY`, or start an emulator with `jls emulator start`.");
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            all.forEach((name, p) -> rows.add(List.of(
                    name,
                    p.baseUrl().orElse("(hosted)"),
                    p.apiKey().map(ProfileCommand::mask).orElse("-"),
                    p.region().orElse("-"))));
            output().table(List.of("name", "base url", "api key", "region"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "save",
            description = {
                "Save the connection given by --base-url, --api-key and --region under" + " NAME.",
                "Example: jls profile save prod --api-key $JL_API_KEY --region IN2"
            })
    static final class SaveProfile extends JlsCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        protected int run() {
            Jls jls = jls();
            if (jls.apiKey == null && jls.baseUrl == null && jls.region == null) {
                throw usage("Nothing to save: give at least one of --base-url, --api-key, --region");
            }
            jls.profiles()
                    .save(name, Profile.of(jls.baseUrl, jls.apiKey, jls.region == null ? null : jls.region.name()));
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("saved", name);
                doc.put("file", jls.profiles().file().toString());
                output().json(doc);
            } else {
                output().line("Saved profile '" + name + "' in "
                        + jls.profiles().file() + ". Use it with --profile " + name + ".");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete the profile NAME.")
    static final class DeleteProfile extends JlsCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        protected int run() {
            if (!jls().profiles().delete(name)) {
                throw new CommandFailure(
                        ExitCodes.NOT_FOUND,
                        "no profile '" + name + "' in " + jls().profiles().file());
            }
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("deleted", name);
                output().json(doc);
            } else {
                output().line("Deleted profile '" + name + "'.");
            }
            return ExitCodes.OK;
        }
    }
}
