package dev.spacedev.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev restart MICRO…}: the {@code up} running in this directory restarts micros now (a crashed or
 * stopped one starts), with the Spacefile as it is on disk.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart micros of the space-dev up running in this directory (a crashed or stopped one starts), with the"
                + " Spacefile as it is now.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every micro named is restarting", "1:no up is running here, or a"
                + " micro could not be restarted", "2:usage error"})
public final class RestartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "1..*", description = "The micros to restart.")
    List<String> micros = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return RunningUp.control("restart", micros, project, spec.commandLine().getErr());
    }
}
