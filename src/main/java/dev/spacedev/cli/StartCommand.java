package dev.spacedev.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev start MICRO…}, as {@code docker compose start SERVICE}. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start micros that space-dev stop stopped (or that crashed) in the space-dev up running in this directory.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every micro named is starting", "1:no up is running here, or a micro could not be started", "2:usage error"})
public final class StartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "1..*", description = "The micros to start.")
    List<String> micros = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return RunningUp.control("start", micros, project, spec.commandLine().getErr());
    }
}
