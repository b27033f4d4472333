package dev.spacedev.cli;

import dev.spacedev.app.Builds;
import dev.spacedev.build.Builder;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev build}: each micro built as Space built it on push. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build the micros as Space did: install dependencies, run commands, stage include. Unchanged micros are skipped.")
public final class BuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @picocli.CommandLine.Option(names = "--force", description = "Build even the micros that have not changed since their last build.")
    boolean force;

    @Parameters(paramLabel = "MICRO", arity = "0..*", description = "Build only these micros (default: all).")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        if (!project.knowsMicros(app, only, err)) {
            return ExitCodes.USAGE;
        }
        List<Micro> micros = app.micros().stream().filter(m -> only.isEmpty() || only.contains(m.name())).toList();
        LogPrinter log = new LogPrinter(spec.commandLine().getErr(), LogPrinter.colourWanted(), micros.stream().map(Micro::name).toList());
        Map<Micro, Builder.Result> results = Builds.buildAll(app, micros, log, force);
        log.drain(java.time.Duration.ofSeconds(2));
        PrintWriter out = spec.commandLine().getOut();
        results.forEach((m, r) -> out.printf("%s\t%s\t%.1f s%n", m.name(), r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                r.took().toMillis() / 1000.0));
        out.flush();
        return results.values().stream().allMatch(Builder.Result::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
