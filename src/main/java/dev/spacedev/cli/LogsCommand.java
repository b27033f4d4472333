package dev.spacedev.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.app.ControlClient;
import dev.spacedev.process.LogPrinter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev logs}: the output the running app keeps (the dashboard's), as {@code up} prints it. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the output of the micros of the space-dev up running in this directory (the last 2,000 lines of each).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown", "1:no up is running here", "2:usage error"})
public final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "0..*", description = "Only these micros (space-dev for space-dev's own lines); default: all.")
    List<String> micros = new ArrayList<>();

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C or the app stops.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines (default: all that are kept).")
    Integer tail;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only lines from this long ago on: 30s, 10m, 1h30m.")
    Duration since;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (tail != null && tail < 0) {
            err.println("space-dev: --tail takes a number of lines, 0 or more");
            return ExitCodes.USAGE;
        }
        Optional<ControlClient> up = RunningUp.find(project, err);
        if (up.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        ObjectNode request = ControlClient.request("logs", micros).put("follow", follow).put("tail", tail == null ? -1 : tail);
        if (since != null) {
            request.put("since", System.currentTimeMillis() - since.toMillis());
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean colour = LogPrinter.colourWanted();
        List<String[]> before = new ArrayList<>();
        int[] width = {-1};
        up.get().stream(request, line -> {
            if (line.has("width")) { // the end of the kept lines: now their width is known
                width[0] = Math.max(line.path("width").asInt(), micros.stream().mapToInt(String::length).max().orElse(0));
                before.forEach(l -> out.println(LogPrinter.format(l[0], l[1], width[0], colour)));
                before.clear();
            } else if (width[0] < 0) {
                before.add(new String[] {line.path("source").asText(), line.path("text").asText()});
            } else {
                out.println(LogPrinter.format(line.path("source").asText(), line.path("text").asText(), width[0], colour));
            }
            out.flush();
            return !out.checkError(); // a reader that went away (| head) ends it
        });
        out.flush();
        return ExitCodes.OK;
    }
}
