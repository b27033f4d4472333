package dev.spacedev.cli;

import dev.spacedev.database.Database;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.RuntimeState;
import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev keys}: the app's API keys, for micros with {@code presets.api_keys: true}. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke the app's API keys (X-Space-App-Key).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The app keys where the app keeps them: its {@code .space/}, or the database {@code --data-url} names. */
    record Keys(AppKeys keys, Database database) implements AutoCloseable {
        static Keys open(ProjectDirOption project, DataUrlOption data) throws IOException {
            if (data.url().isPresent()) {
                Database db = Database.open(data.url().get(), 2);
                return new Keys(new AppKeys(RuntimeState.shared(db)), db);
            }
            return new Keys(new AppKeys(new SpaceDir(project.dir().toAbsolutePath().normalize()).ensure()), null);
        }

        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }

    /** A key nothing takes is a key the user will wonder about: say so (the Spacefile unreadable: nothing to say). */
    static void warnIfNoMicroTakesKeys(ProjectDirOption project, PrintWriter err) {
        dev.spacedev.spacefile.LoadResult app = dev.spacedev.spacefile.SpacefileLoader.load(project.spacefile());
        if (app.spacefile().isPresent() && app.spacefile().get().micros().stream().noneMatch(m -> m.presets().apiKeys())) {
            err.println("note: no micro of this app sets presets.api_keys: true, so no route takes this key yet (Space let a micro"
                    + " opt in; add it to the micros that should)");
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key; it is printed once, as the last line of stdout.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Mixin
        DataUrlOption data;

        @Parameters(paramLabel = "NAME", description = "A name to know the key by.")
        String name;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (!AppKeys.NAME.matcher(name).matches()) {
                err.println("space-dev: key name \"" + name + "\" " + AppKeys.NAME_RULE);
                return ExitCodes.USAGE;
            }
            if (!data.resolve(err)) {
                return ExitCodes.USAGE;
            }
            String key;
            try (Keys keys = Keys.open(project, data)) {
                key = keys.keys().create(name);
            } catch (IllegalArgumentException e) {
                err.println("space-dev: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            err.println("Key \"" + name + "\" created. It is shown this once; send it as X-Space-App-Key.");
            warnIfNoMicroTakesKeys(project, err);
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(key);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The keys' names and when each was made (NAME<TAB>CREATED).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Mixin
        DataUrlOption data;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!data.resolve(spec.commandLine().getErr())) {
                return ExitCodes.USAGE;
            }
            java.util.List<AppKeys.Entry> entries;
            try (Keys keys = Keys.open(project, data)) {
                entries = keys.keys().list();
            }
            entries.forEach(e -> out.println(e.name() + "\t" + e.created()));
            out.flush();
            if (entries.isEmpty()) {
                spec.commandLine().getErr().println("no keys; make one with space-dev keys create NAME");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key; a running up stops taking it within a second.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Mixin
        DataUrlOption data;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!data.resolve(spec.commandLine().getErr())) {
                return ExitCodes.USAGE;
            }
            boolean revoked;
            try (Keys keys = Keys.open(project, data)) {
                revoked = keys.keys().revoke(name);
            }
            if (revoked) {
                spec.commandLine().getErr().println("Key \"" + name + "\" revoked.");
                return ExitCodes.OK;
            }
            spec.commandLine().getErr().println("space-dev: no key named \"" + name + "\"");
            return ExitCodes.FAILURE;
        }
    }
}
