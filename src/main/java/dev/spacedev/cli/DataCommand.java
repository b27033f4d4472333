package dev.spacedev.cli;

import dev.spacedev.data.SqliteBaseStore;
import dev.spacedev.data.FileDriveStore;
import dev.spacedev.data.BaseRequestException;
import dev.spacedev.data.BaseStore;
import dev.spacedev.data.DataArchive;
import dev.spacedev.data.DataImport;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.data.DriveStore;
import dev.spacedev.files.SpaceDir;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev data export|import}: the app's Base and Drive data, in the layout of Space's own export. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Export or import the app's Deta Base and Drive data (Space's export zip).",
        subcommands = {DataCommand.Export.class, DataCommand.Import.class})
public final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static Path dataDir(ProjectDirOption project) throws java.io.IOException {
        return new SpaceDir(project.dir().toAbsolutePath().normalize()).ensure().root().resolve("data");
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a zip of bases/<base>.json and drives/<drive>/<file>.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProjectDirOption project;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The zip to write (never an existing file).")
        Path output;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if (Files.exists(output)) {
                err.println("space-dev: " + output + " exists already; export never overwrites a file");
                return ExitCodes.FAILURE;
            }
            Path data = dataDir(project);
            try (BaseStore base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(data);
                 OutputStream out = dev.spacedev.files.OwnerOnly.newFile(output)) {
                DataArchive.Counts c = DataArchive.export(base, drive, out);
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
    }
}
