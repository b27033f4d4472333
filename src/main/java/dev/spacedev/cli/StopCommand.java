package dev.spacedev.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev stop MICRO…}, as {@code docker compose stop SERVICE}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop micros of the space-dev up running in this directory while the others run (their routes answer 503 until started).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every micro named was stopped", "1:no up is running here, or a micro could not be stopped", "2:usage error"})
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "1..*", description = "The micros to stop.")
    List<String> micros = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return RunningUp.control("stop", micros, project, spec.commandLine().getErr());
    }
}
