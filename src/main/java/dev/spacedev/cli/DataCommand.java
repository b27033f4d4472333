package dev.spacedev.cli;

import dev.spacedev.data.archive.DataArchive;
import dev.spacedev.data.archive.DataImport;
import dev.spacedev.data.archive.DataMigration;
import dev.spacedev.database.DataUrl;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.runtime.StateDocument;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev data export|import}: the app's Base and Drive data, in the layout of Space's own export. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Export or import the app's Deta Base and Drive data (Space's export zip), or move it between backends.",
        subcommands = {DataCommand.Export.class, DataCommand.Import.class, DataCommand.Migrate.class})
public final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a zip of bases/<base>.json and drives/<drive>/<file>.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Mixin
        DataUrlOption database;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The zip to write (never an existing file).")
        Path output;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // a link too (a dangling one included): writing through it would put the export wherever it points
                err.println("space-dev: " + output + " exists already" + (Files.isSymbolicLink(output) ? " (a symbolic link)" : "")
                        + "; export never overwrites a file");
                return ExitCodes.FAILURE;
            }
            Path folder = output.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder)) {
                err.println("space-dev: " + output + ": its folder does not exist");
                return ExitCodes.FAILURE;
            }
            if (!database.resolve(err)) {
                return ExitCodes.USAGE;
            }
            try (DataLocation from = database.url().isPresent() ? DataLocation.database(database.url().get())
                    : DataLocation.directory(project.dir(), null);
                 OutputStream out = dev.spacedev.files.OwnerOnly.newFile(output)) {
                DataArchive.Counts c = DataArchive.export(from.stores().base(), from.stores().drive(), out);
                err.println("Exported " + c.items() + " items from " + c.bases() + " bases and " + c.files() + " files from " + c.drives()
                        + " drives.");
            }
            spec.commandLine().getOut().println(output);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read a Space export zip: items replace items of the same key, files replace files of the same name.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Mixin
        DataUrlOption database;

        @Parameters(paramLabel = "FILE", description = "The zip Space's export produced (or space-dev data export).")
        Path input;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(input)) {
                err.println("space-dev: no file " + input);
                return ExitCodes.FAILURE;
            }
            byte[] magic = new byte[2];
            try (InputStream head = Files.newInputStream(input)) {
                if (head.readNBytes(magic, 0, 2) < 2 || magic[0] != 'P' || magic[1] != 'K') {
                    err.println("space-dev: " + input + " is not a zip, so not a Space data export");
                    return ExitCodes.FAILURE;
                }
            }
            if (!database.resolve(err)) {
                return ExitCodes.USAGE;
            }
            if (database.url().isPresent()) {
                return intoDatabase(err);
            }
            SpaceDir space = new SpaceDir(project.dir().toAbsolutePath().normalize());
            ProjectLock lock = ProjectLock.acquire(space, "data import"); // never swap the data under a running up
            try {
                DataImport.Result r = DataImport.run(input, space.root().resolve("data"));
                DataArchive.Counts c = r.counts();
                if (!r.ignored().isEmpty()) {
                    err.println("Left alone " + r.ignored().size() + " entries outside bases/ and drives/: "
                            + String.join(", ", r.ignored().subList(0, Math.min(5, r.ignored().size())))
                            + (r.ignored().size() > 5 ? ", …" : ""));
                }
                err.println("Imported " + c.items() + " items into " + c.bases() + " bases and " + c.files() + " files into " + c.drives()
                        + " drives.");
                return ExitCodes.OK;
            } catch (DataImport.Refused e) {
                err.println("space-dev: " + input + " is not imported: " + e.getMessage() + "; the app's data is unchanged");
                return ExitCodes.FAILURE;
            } finally {
                lock.close();
            }
        }

        /** Read and checked into an embedded store of its own first (the same rules), then copied into the database. */
        private int intoDatabase(PrintWriter err) throws Exception {
            Path staging = Files.createTempDirectory("space-dev-import");
            try {
                DataImport.Result r;
                try {
                    r = DataImport.run(input, new SpaceDir(staging).ensure().root().resolve("data"));
                } catch (DataImport.Refused e) {
                    err.println("space-dev: " + input + " is not imported: " + e.getMessage() + "; the app's data is unchanged");
                    return ExitCodes.FAILURE;
                }
                try (DataLocation from = DataLocation.directory(staging, null); DataLocation to = DataLocation.database(database.url().get())) {
                    DataMigration.Result m = DataMigration.run(from.stores(), to.stores(), line -> { });
                    DataArchive.Counts c = r.counts();
                    err.println("Imported " + c.items() + " items into " + c.bases() + " bases and " + c.files() + " files into " + c.drives()
                            + " drives of " + to + (m.verified() ? "" : " (but the check after it found differences: run it again)") + ".");
                    return m.verified() ? ExitCodes.OK : ExitCodes.FAILURE;
                }
            } finally {
                dev.spacedev.data.drive.FileDriveStore.deleteTree(staging);
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Copy an app's Base and Drive (and its app keys and sign-ins, where the target has none) from one backend to "
                    + "another, then check the copy: counts and SHA-256 per base and drive. The source is never changed or deleted.",
                    "Safe to run again after an interruption: what the target has already is not copied twice."})
    static final class Migrate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", paramLabel = "DIR_OR_URL", required = true,
                description = "A project directory (its .space/data) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")
        String from;

        @Option(names = "--to", paramLabel = "URL_OR_DIR", required = true,
                description = "A PostgreSQL URL, or a project directory (while no space-dev up runs there).")
        String to;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            if (sameLocation(from, to)) {
                err.println("space-dev: --from and --to are the same place; nothing to migrate");
                return ExitCodes.USAGE;
            }
            if (!DataUrl.looksLikeUrl(from) && !Files.isDirectory(Path.of(from))) {
                err.println("space-dev: --from " + from + " is neither a directory nor a postgresql:// URL");
                return ExitCodes.USAGE;
            }
            try (DataLocation source = DataLocation.parse(from, null); DataLocation target = DataLocation.parse(to, "data migrate")) {
                err.println("Copying " + source + " -> " + target);
                DataMigration.Result r = DataMigration.run(source.stores(), target.stores(), line -> {
                    err.println("  " + line);
                    err.flush();
                });
                copyIfAbsent(source.state().appKeys(), target.state().appKeys());
                copyIfAbsent(source.state().sessions(), target.state().sessions());
                for (DataMigration.Summary s : r.source()) {
                    DataMigration.Summary t = r.target().stream().filter(x -> x.kind().equals(s.kind()) && x.name().equals(s.name()))
                            .findFirst().orElse(null);
                    out.println(s.kind() + "	" + s.name() + "	" + s.count() + "	" + s.sha256() + "	" + (s.equals(t) ? "ok" : "DIFFERS"));
                }
                out.flush();
                err.println((r.verified() ? "Verified: " : "NOT verified: ") + r.items() + " items copied, " + r.files() + " files copied, "
                        + r.skippedFiles() + " files there already; " + r.source().size() + " bases and drives checked.");
                return r.verified() ? ExitCodes.OK : ExitCodes.FAILURE;
            } catch (DataUrl.Invalid e) {
                err.println("space-dev: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }

        private static boolean sameLocation(String a, String b) {
            if (DataUrl.looksLikeUrl(a) || DataUrl.looksLikeUrl(b)) {
                return a.equals(b);
            }
            return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
        }

        /** App keys and sign-ins go along only where the target has none of its own: they are never merged or replaced. */
        private static void copyIfAbsent(StateDocument from, StateDocument to) throws java.io.IOException {
            String text = from.read();
            if (!text.isBlank()) {
                to.update(current -> current.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#")) ? current : text);
            }
        }
    }
}
