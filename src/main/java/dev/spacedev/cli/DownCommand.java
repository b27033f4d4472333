package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.app.ControlClient;
import dev.spacedev.runtime.ProjectLock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code space-dev down}: stops the running app as Ctrl-C does, and returns once everything has exited. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the space-dev up running in this directory (every micro, the proxy), as Ctrl-C does; returns once all has exited.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped", "1:no up is running here, or it did not stop in time"})
public final class DownCommand implements Callable<Integer> {
    /** The micros' grace (5 s each, in parallel), the proxy's and the data service's, with room to spare. */
    static final Duration STOPPED_WITHIN = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<ControlClient> up = RunningUp.find(project, err);
        if (up.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        JsonNode answer = up.get().call(ControlClient.request("down"));
        if (answer.has("error")) {
            err.println("space-dev: " + answer.path("error").asText());
            return ExitCodes.FAILURE;
        }
        err.println("stopping the app…");
        err.flush();
        // up lets go of the project's lock last of all, once every micro's tree has exited
        long deadline = System.nanoTime() + STOPPED_WITHIN.toNanos();
        while (ProjectLock.heldElsewhere(RunningUp.space(project))) {
            if (System.nanoTime() > deadline) {
                err.println("space-dev: up is still stopping after " + STOPPED_WITHIN.toSeconds() + " s");
                return ExitCodes.FAILURE;
            }
            Thread.sleep(50);
        }
        err.println("stopped");
        return ExitCodes.OK;
    }
}
