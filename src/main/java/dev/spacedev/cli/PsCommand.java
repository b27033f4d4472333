package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.app.ControlClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code space-dev ps}: the micros of the running app, as {@code docker compose ps} lists services. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "List the micros of the space-dev up running in this directory: state, pid, port, uptime, restarts, last exit.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:no up is running here"})
public final class PsCommand implements Callable<Integer> {
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
    Format format;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControlClient> up = RunningUp.find(project, err);
        if (up.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        JsonNode ps = up.get().call(ControlClient.request("ps"));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(ps.toString());
        } else {
            table(ps, out, System.currentTimeMillis());
            if (ps.hasNonNull("dataPort")) {
                err.println("Deta Base and Drive for the micros: https://127.0.0.1:" + ps.path("dataPort").asInt());
            }
            ps.path("problems").forEach(p -> err.println("the Spacefile on disk is not valid (the app runs as it was): " + p.asText()));
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }

    static void table(JsonNode ps, PrintWriter out, long now) {
        String row = "%-16s %-12s %-8s %-6s %-9s %-8s %-9s %s%n";
        out.printf(row, "NAME", "STATE", "PID", "PORT", "UPTIME", "RESTARTS", "LAST EXIT", "PATH");
        for (JsonNode m : ps.path("micros")) {
            out.printf(row, m.path("name").asText(), m.path("state").asText(), orDash(m.path("pid")), orDash(m.path("port")),
                    m.path("state").asText().equals("ready") && m.hasNonNull("since") ? uptime(now - m.path("since").asLong()) : "-",
                    m.path("state").asText().equals("static") ? "-" : m.path("restarts").asText(), orDash(m.path("lastExit")),
                    m.path("path").asText());
        }
    }

    private static String orDash(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }

    static String uptime(long millis) {
        Duration d = Duration.ofMillis(Math.max(0, millis));
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s"
                : d.toSeconds() + "s";
    }
}
