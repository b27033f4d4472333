package dev.spacedev.cli;

import dev.spacedev.runtime.ActionDelivery;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.app.PortFileUpstream;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev trigger ACTION_ID}: runs one scheduled action now, as Space's scheduler would. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Deliver a scheduled action to its micro now (the micro must be running under space-dev up).",
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
        Action action = micro.actions().stream().filter(a -> a.id().equals(actionId)).findFirst().orElseThrow();
        SpaceDir space = new SpaceDir(app.projectDir());
        // the API key goes only to a socket of the micro's own processes, never to whatever holds a port a stale file names
        Optional<InetSocketAddress> at = PortFileUpstream.verifiedAddress(space, micro.name());
        if (at.isEmpty()) {
            err.println("space-dev: micro " + micro.name() + " is not running (no process space-dev up started for it listens on"
                    + " its port); start it with space-dev up");
            return ExitCodes.FAILURE;
        }
        ActionDelivery delivery = new ActionDelivery(ProjectKeys.loadOrCreate(space.ensure()).apiKey(), m -> at);
        HttpResponse<String> response;
        try {
            response = delivery.send(micro, action).get();
        } catch (ExecutionException e) {
            err.println("space-dev: could not deliver action " + actionId + " to micro " + micro.name() + ": " + e.getCause().getMessage());
            return ExitCodes.FAILURE;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(response.statusCode());
        out.flush();
        if (!response.body().isEmpty()) {
            err.println(response.body().strip());
        }
        err.flush();
        return response.statusCode() / 100 == 2 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
