package dev.spacedev.cli;

import dev.spacedev.runtime.Json;
import dev.spacedev.spacefile.LoadResult;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Problem;
import dev.spacedev.spacefile.Spacefile;
import dev.spacedev.spacefile.SpacefileLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev validate}: every problem in a Spacefile, as compiler-style lines or as JSON. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a Spacefile against Space's rules and report every problem.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings allowed, unless --strict)", "1:invalid (or warnings under --strict)", "2:usage error"})
public final class ValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The Spacefile to check (default: DIR/Spacefile).")
    Path file;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (compiler-style lines on stderr) or json (a report on stdout). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--strict", description = "Fail on warnings too: what Space accepted but space-dev runs differently,"
            + " or Space's docs advised against.")
    boolean strict;

    @Override
    public Integer call() {
        Path target = file != null ? file : project.spacefile();
        LoadResult result = SpacefileLoader.load(target);
        String label = target.toString();
        if (format == Format.json) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(toJson(label, result, passes(result)));
            out.flush();
        } else {
            printText(label, result);
        }
        return passes(result) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private boolean passes(LoadResult result) {
        return result.isValid() && !(strict && !result.warnings().isEmpty());
    }

    private void printText(String label, LoadResult result) {
        PrintWriter err = spec.commandLine().getErr();
        for (Problem p : result.problems()) {
            err.println(p.format(label));
        }
        String counts = count(result.errors().size(), "error") + ", " + count(result.warnings().size(), "warning");
        result.spacefile().ifPresentOrElse(s -> {
            if (passes(result)) {
                err.println(label + " is valid: " + count(s.micros().size(), "micro") + ", " + counts);
                printMicros(err, s);
            } else {
                err.println(label + " is valid as Space read it, but --strict fails it: " + counts);
            }
        }, () -> err.println(label + " is not valid: " + counts));
        err.flush();
    }

    private static void printMicros(PrintWriter err, Spacefile s) {
        int nameWidth = s.micros().stream().mapToInt(m -> m.name().length()).max().orElse(0);
        int engineWidth = s.micros().stream().mapToInt(m -> m.engine().wireName().length()).max().orElse(0);
        for (Micro m : s.micros()) {
            err.printf("  %-" + nameWidth + "s  %-" + engineWidth + "s  %s%s%n", m.name(), m.engine(), m.path(),
                    m.primary() ? "  (primary)" : "");
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String toJson(String label, LoadResult result, boolean passes) {
        String problems = result.problems().stream()
                .map(p -> "{\"line\":" + p.position().line() + ",\"column\":" + p.position().column()
                        + ",\"path\":" + Json.quote(p.path()) + ",\"severity\":" + Json.quote(p.severity().label())
                        + ",\"message\":" + Json.quote(p.message()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        List<Micro> micros = result.spacefile().map(Spacefile::micros).orElse(List.of());
        String microsJson = micros.stream()
                .map(m -> "{\"name\":" + Json.quote(m.name()) + ",\"engine\":" + Json.quote(m.engine().wireName())
                        + ",\"path\":" + Json.quote(m.path()) + ",\"primary\":" + m.primary() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"file\":" + Json.quote(label) + ",\"valid\":" + result.isValid() + ",\"passes\":" + passes + ",\"errors\":" + result.errors().size()
                + ",\"warnings\":" + result.warnings().size() + ",\"problems\":" + problems + ",\"micros\":" + microsJson + "}";
    }
}
