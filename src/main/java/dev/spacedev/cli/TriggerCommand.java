package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.app.ControlClient;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev trigger ACTION_ID}: runs one scheduled action now, as Space's scheduler would. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Deliver a scheduled action to its micro now, through the space-dev up running in this directory (the run is recorded as the dashboard's are).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the micro answered 2xx", "1:anything else"})
public final class TriggerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "ACTION_ID", description = "The action's id in the Spacefile.")
    String actionId;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        Optional<Micro> owner = app.micros().stream().filter(m -> m.actions().stream().anyMatch(a -> a.id().equals(actionId))).findFirst();
        if (owner.isEmpty()) {
            String known = app.micros().stream().flatMap(m -> m.actions().stream().map(a -> a.id() + " (micro " + m.name() + ")"))
                    .collect(Collectors.joining(", "));
            err.println("space-dev: no action \"" + actionId + "\" in " + project.spacefile() + "; "
                    + (known.isEmpty() ? "it declares no actions" : "its actions are: " + known));
            return ExitCodes.FAILURE;
        }
        Micro micro = owner.get();
        // through the running up: the run is recorded (its log, the dashboard's runs) and the API key goes only to
        // the micro's own process, never to whatever holds a port a stale file names
        Optional<ControlClient> up = RunningUp.find(project, err);
        if (up.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        JsonNode run = up.get().call(ControlClient.request("trigger").put("action", actionId));
        if (run.has("error")) {
            err.println("space-dev: micro " + micro.name() + " is not running in this space-dev up, so action " + actionId
                    + " cannot run; start it with: space-dev start " + micro.name());
            return ExitCodes.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (run.hasNonNull("status")) {
            out.println(run.path("status").asInt());
            out.flush();
        }
        err.println("action " + actionId + " (" + micro.name() + "): " + run.path("outcome").asText() + " in " + run.path("millis").asLong()
                + " ms");
        err.flush();
        return run.path("status").asInt(0) / 100 == 2 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
