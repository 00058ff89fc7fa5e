package dev.jls.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jls profile}: named connections (base URL, key, region) kept in profiles.json. */
@Command(
        name = "profile",
        description = "Saved connections (profiles): list, save, delete, choose the current one, and show where"
                + " commands go.",
        subcommands = {
            ProfileCommand.ListProfiles.class,
            ProfileCommand.CurrentTarget.class,
            ProfileCommand.UseProfile.class,
            ProfileCommand.SaveProfile.class,
            ProfileCommand.DeleteProfile.class
        })
public final class ProfileCommand extends JlsCommand {

    @Override
    protected int run() {
        throw usage("Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    static String mask(String key) {
        return key.length() <= 8 ? "****" : key.substring(0, 4) + "****" + key.substring(key.length() - 2);
    }

    @Command(name = "list", description = "Show the saved profiles (keys masked); * marks the current one.")
    static final class ListProfiles extends JlsCommand {
        @Override
        protected int run() {
            ProfileStore store = jls().profiles();
            Map<String, Profile> all = store.all();
            Optional<String> current = store.current();
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("file", store.file().toString());
                doc.put("current", current.orElse(null));
                ObjectNode profiles = doc.putObject("profiles");
                all.forEach((name, p) -> {
                    ObjectNode entry = profiles.putObject(name);
                    p.baseUrl().ifPresent(v -> entry.put("base_url", v));
                    p.apiKey().ifPresent(v -> entry.put("api_key", mask(v)));
                    p.region().ifPresent(v -> entry.put("region", v));
                    entry.put("current", current.filter(name::equals).isPresent());
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
                    current.filter(name::equals).isPresent() ? "*" : "",
                    name,
                    p.baseUrl().orElse("(hosted)"),
                    p.apiKey().map(ProfileCommand::mask).orElse("-"),
                    p.region().orElse("-"))));
            output().table(List.of("current", "name", "base url", "api key", "region"), rows);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "current",
            description = {
                "Show where commands go from here: the target, the key and the region, each with its source"
                        + " (flag, profile, environment), and the current profile.",
                "Example: JL_API_KEY=... jls profile current"
            })
    static final class CurrentTarget extends JlsCommand {
        @Override
        protected int run() {
            Jls.Connection c = jls().connection();
            Optional<String> current = jls().profiles().current();
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("target", c.target());
                doc.put("hosted", c.baseUrl().isEmpty());
                doc.put("target_source", c.targetSource());
                doc.put("base_url", c.baseUrl().orElse(null));
                doc.put("region", c.region().map(Object::toString).orElse(null));
                doc.put("api_key", c.apiKey().map(ProfileCommand::mask).orElse(null));
                doc.put("api_key_source", c.source());
                doc.put("profile", c.profile().orElse(null));
                doc.put("current_profile", current.orElse(null));
                output().json(doc);
                return ExitCodes.OK;
            }
            output().line("target:  " + c.target() + (c.baseUrl().isEmpty() ? " (hosted)" : "")
                    + from(c.targetSource()));
            output().line("api key: " + c.apiKey().map(ProfileCommand::mask).orElse("none") + from(c.source()));
            output().line("region:  "
                    + c.region().map(r -> r + " (" + r.id() + ")").orElse("-"));
            output().line("current profile: " + current.orElse("none") + " (change it with: jls profile use NAME)");
            return ExitCodes.OK;
        }

        private static String from(String source) {
            return source.equals("none") ? "" : "  from " + source;
        }
    }

    @Command(
            name = "use",
            description = {
                "Make NAME the current profile: commands go to it without --profile, even with $JL_API_KEY set."
                        + " `jls emulator start` makes 'emulator' current.",
                "Example: jls profile use prod"
            })
    static final class UseProfile extends JlsCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
        String name;

        @Override
        protected int run() {
            ProfileStore store = jls().profiles();
            store.use(name);
            if (output().isJson()) {
                ObjectNode doc = Documents.object();
                doc.put("current", name);
                output().json(doc);
            } else {
                output().line("The current profile is now '" + name + "': commands go to "
                        + jls().connection().describe() + ".");
            }
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
                        + jls.profiles().file() + ". Use it with --profile " + name + ", or make it current with: jls"
                        + " profile use " + name);
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
            boolean wasCurrent = jls().profiles().current().filter(name::equals).isPresent();
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
                output().line("Deleted profile '" + name + "'."
                        + (wasCurrent ? " No profile is current now; choose one with: jls profile use NAME" : ""));
            }
            return ExitCodes.OK;
        }
    }
}
